import { genericRecord } from './generic-records.js';
import { readJsonDocument } from './json-records.js';
import { jsonRecordReader } from './record-source.js';

/**
 * One JSON document of generic paper records: an array, a single record, or an API page with a
 * `data` or `results` array; streamed, so a multi-GB array is fine.
 */
export const readJson = jsonRecordReader(readJsonDocument, genericRecord);
