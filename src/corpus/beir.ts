import { readJsonLineRecords } from './json-records.js';
import type { LooseRecord } from './record-mapper.js';
import {
  jsonRecordReader,
  objectFields,
  text,
  type AdaptedRecord,
  type RecordSchema,
} from './record-source.js';

/**
 * A BEIR corpus (`corpus.jsonl` of a judged collection in the layout the BEIR benchmark uses):
 * one `{_id, title, text}` object per line, `text` being the abstract. Many BEIR corpora leave
 * `title` empty; such a record takes its text's first sentence as its title and keeps the rest
 * as its abstract (the whole text when it is one sentence), so no record is lost for want of a
 * title and no sentence is indexed twice.
 */
export function fromBeirRecord(value: unknown): AdaptedRecord {
  const fields = objectFields(value);
  if (!fields) return { record: value };
  const body = text(fields.text)?.trim() ?? '';
  const title = text(fields.title)?.trim() ?? '';
  const split = title ? { title, abstract: body } : titleFromText(body);
  const record: LooseRecord = { id: fields._id, ...split };
  return { record };
}

/** The first sentence as the title and the rest as the abstract; one sentence serves as both. */
export function titleFromText(body: string): { title: string; abstract: string } {
  const end = body.search(/[.!?]\s+\S/);
  if (end === -1) return { title: body, abstract: body };
  return { title: body.slice(0, end + 1), abstract: body.slice(end + 1).trim() };
}

export function isBeirRecord(value: unknown): boolean {
  const fields = objectFields(value);
  return fields !== null && '_id' in fields && 'text' in fields && !('abstract' in fields);
}

export const BEIR_SCHEMA: RecordSchema = {
  name: 'a BEIR corpus',
  marks: '_id, text',
  recognise: isBeirRecord,
};

export const readBeir = jsonRecordReader(readJsonLineRecords, fromBeirRecord, BEIR_SCHEMA);
