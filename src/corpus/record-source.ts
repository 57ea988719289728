import { CorpusError } from './corpus-error.js';
import type { JsonRecord } from './json-records.js';
import type { CorpusEvent, CorpusReader, ReaderOptions } from './reader.js';
import { recordEvent } from './record-mapper.js';

/** A source record rewritten into the mapper's loose shape, with the source's own key if any. */
export interface AdaptedRecord {
  record: unknown;
  sourceKey?: string | null;
}

export type RecordAdapter = (value: unknown, file: string, options: ReaderOptions) => AdaptedRecord;

/** How a reader tells its own format from another's by the first record. */
export interface RecordSchema {
  name: string;
  /** Fields that identify the format, named in the refusal message. */
  marks: string;
  recognise: (value: unknown) => boolean;
}

/**
 * A reader of JSON records (any layout json-records reads) that adapts each record and maps it.
 * With a schema, a file whose first record is not of that schema is refused before any paper.
 */
export function jsonRecordReader(
  records: (file: string) => AsyncIterable<JsonRecord>,
  adapt: RecordAdapter,
  schema?: RecordSchema,
): CorpusReader {
  return async function* (file: string, options: ReaderOptions = {}): AsyncGenerator<CorpusEvent> {
    let checked = schema === undefined;
    for await (const item of records(file)) {
      const position = { file, line: item.line };
      if ('error' in item) {
        yield { kind: 'skip', reason: item.error, ...position };
        continue;
      }
      if (!checked && schema) refuseUnlessSchema(file, item, schema);
      checked = true;
      const { record, sourceKey } = adapt(item.value, file, options);
      yield recordEvent(record, position, sourceKey);
    }
  };
}

function refuseUnlessSchema(
  file: string,
  item: { line: number; value: unknown },
  schema: RecordSchema,
): void {
  if (schema.recognise(item.value)) return;
  throw new CorpusError(
    file,
    `not ${schema.name}: the first record (line ${item.line}) has none of its fields (${schema.marks})`,
  );
}

/** The object's fields, or null for anything else (the mapper rejects non-objects). */
export function objectFields(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A string field, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The strings of a list, de-duplicated in order, dropping anything else. */
export function uniqueStrings(values: readonly unknown[]): string[] {
  return [...new Set(values.filter((value): value is string => typeof value === 'string'))];
}

/** A nested field by path (`primary_location.source.display_name`), or undefined. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    const fields = objectFields(current);
    if (!fields) return undefined;
    current = fields[key];
  }
  return current;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
