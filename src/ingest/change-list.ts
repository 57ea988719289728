import { stat } from 'node:fs/promises';
import { fromArxivRecord } from '../corpus/arxiv-reader.js';
import { CorpusError } from '../corpus/corpus-error.js';
import { sourceOfRecord } from '../corpus/formats.js';
import { genericRecord } from '../corpus/generic-records.js';
import { readJsonLineRecords } from '../corpus/json-records.js';
import { fromOpenAlexRecord } from '../corpus/openalex.js';
import { paperRecord } from '../corpus/paper.js';
import type { ReaderOptions } from '../corpus/reader.js';
import { cleanText, mapRecord } from '../corpus/record-mapper.js';
import { objectFields, type AdaptedRecord } from '../corpus/record-source.js';
import { fromS2Record } from '../corpus/semantic-scholar.js';
import type { PaperChange } from '../index/change-log.js';
import type { ChangeItem } from './apply-changes.js';

/**
 * A change list: JSON Lines where a line is a paper record in the fields of any format ingest
 * reads (generic, arXiv snapshot, Semantic Scholar, OpenAlex; told apart line by line), which
 * is upserted, or `{"id": "…", "deleted": true}`, which removes the paper with that id.
 */
export async function* readChangeLists(
  files: readonly string[],
  options: ReaderOptions = {},
): AsyncGenerator<ChangeItem> {
  // Every file is checked before any change is yielded, so a bad path applies nothing.
  const sizes = await Promise.all(files.map(fileSize));
  for (const [index, file] of files.entries()) {
    if (sizes[index] === 0) continue;
    for await (const item of readJsonLineRecords(file)) {
      if ('error' in item) yield { kind: 'skip', reason: item.error, file, line: item.line };
      else yield changeOf(item.value, file, item.line, options);
    }
  }
}

/** One change-list value as a change, or a skip at its line. */
export function changeOf(
  value: unknown,
  file: string,
  line: number,
  options: ReaderOptions = {},
): ChangeItem {
  const skip = (reason: string): ChangeItem => ({ kind: 'skip', reason, file, line });
  const fields = objectFields(value);
  if (fields?.deleted === true) {
    const id = typeof fields.id === 'string' ? cleanText(fields.id) : '';
    return id ? { op: 'delete', id } : skip('a removal without a string id');
  }
  const { record, sourceKey } = adapt(value, file, options);
  const mapped = mapRecord(record, sourceKey);
  return mapped.ok ? { op: 'upsert', paper: mapped.paper } : skip(mapped.reason);
}

/** The record in the mapper's loose shape, by the source its fields are from. */
function adapt(value: unknown, file: string, options: ReaderOptions): AdaptedRecord {
  switch (sourceOfRecord(value)) {
    case 'arxiv':
      return { record: fromArxivRecord(value) };
    case 'openalex':
      return fromOpenAlexRecord(value);
    case 's2':
      return fromS2Record(value);
    default:
      return genericRecord(value, file, options);
  }
}

/** A change as one change-list line (without the line break). */
export function changeLine(change: PaperChange): string {
  return JSON.stringify(
    change.op === 'delete' ? { id: change.id, deleted: true } : paperRecord(change.paper),
  );
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new CorpusError(file, 'not a regular file');
    return info.size;
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    throw new CorpusError(file, 'change list not found or unreadable', { cause: error });
  }
}
