import { genericRecord } from './generic-records.js';
import { readJsonLineRecords } from './json-records.js';
import { jsonRecordReader } from './record-source.js';

/** JSON Lines of generic paper records, one per line (a line may be an API page of several). */
export const readJsonl = jsonRecordReader(readJsonLineRecords, genericRecord);
