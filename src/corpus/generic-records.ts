import { canonicalRecord, NO_FIELD_MAP } from './field-map.js';
import type { ReaderOptions } from './reader.js';
import { objectFields, type AdaptedRecord } from './record-source.js';

/**
 * Generic records (JSON, JSON Lines, CSV rows): field names resolved through the aliases and
 * `--map`, and counted by the silent-loss audit.
 */
export function genericRecord(value: unknown, file: string, options: ReaderOptions): AdaptedRecord {
  const { record, unmapped } = canonicalRecord(value, options.fieldMap ?? NO_FIELD_MAP);
  const fields = objectFields(record);
  if (fields && options.audit) options.audit.observe(file, fields, unmapped);
  return { record };
}
