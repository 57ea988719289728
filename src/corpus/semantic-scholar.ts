import { readJsonRecords } from './json-records.js';
import type { LooseRecord } from './record-mapper.js';
import {
  at,
  jsonRecordReader,
  list,
  objectFields,
  text,
  uniqueStrings,
  type AdaptedRecord,
  type RecordSchema,
} from './record-source.js';

/**
 * Semantic Scholar Graph API paper objects (`/graph/v1/paper/...`, search and bulk-search pages,
 * dataset dumps): `paperId`, `externalIds.{DOI,ArXiv}`, `authors[{authorId,name}]`,
 * `publicationDate` or `year`, `fieldsOfStudy` and `s2FieldsOfStudy[].category` (merged into
 * categories), `venue` or `journal.name`, `url`, `abstract` (null when S2 may not share it:
 * such records are skipped as missing abstract). The id falls back to `s2:<paperId>`.
 */
export function fromS2Record(value: unknown): AdaptedRecord {
  const paper = objectFields(value);
  if (!paper) return { record: value };
  const record: LooseRecord = {
    title: paper.title,
    abstract: paper.abstract,
    authors: uniqueStrings(list(paper.authors).map((author) => at(author, 'name'))),
    categories: uniqueStrings([
      ...list(paper.fieldsOfStudy),
      ...list(paper.s2FieldsOfStudy).map((field) => at(field, 'category')),
    ]),
    published: paper.publicationDate,
    year: paper.year,
    url: paper.url,
    doi: at(paper, 'externalIds', 'DOI'),
    arxiv_id: at(paper, 'externalIds', 'ArXiv'),
    venue:
      text(paper.venue) ||
      text(at(paper, 'journal', 'name')) ||
      at(paper, 'publicationVenue', 'name'),
  };
  const paperId = text(paper.paperId);
  return { record, sourceKey: paperId ? `s2:${paperId}` : null };
}

export function isS2Record(value: unknown): boolean {
  const fields = objectFields(value);
  return (
    fields !== null &&
    ('paperId' in fields || 's2FieldsOfStudy' in fields || 'externalIds' in fields)
  );
}

export const S2_SCHEMA: RecordSchema = {
  name: 'Semantic Scholar paper records',
  marks: 'paperId, externalIds, s2FieldsOfStudy',
  recognise: isS2Record,
};

export const readS2 = jsonRecordReader(readJsonRecords, fromS2Record, S2_SCHEMA);
