import { arxivIdIn } from './identifiers.js';
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
 * OpenAlex work objects (API `/works` pages, single works, snapshot JSON Lines). The abstract is
 * rebuilt from `abstract_inverted_index`; authors are `authorships[].author.display_name`; the
 * venue is the primary location's source. Categories are the work's topics (`topics[]`, which
 * lists the primary topic first), falling back to `concepts[]` for records from before topics
 * existed: concepts are deprecated and much noisier. The arXiv id comes from `ids.arxiv` or an
 * arxiv.org landing page among the locations; the id falls back to `openalex:W…`.
 */
export function fromOpenAlexRecord(value: unknown): AdaptedRecord {
  const work = objectFields(value);
  if (!work) return { record: value };
  const record: LooseRecord = {
    title: work.title ?? work.display_name,
    abstract: abstractFromInvertedIndex(work.abstract_inverted_index),
    authors: list(work.authorships)
      .map(
        (authorship) =>
          text(at(authorship, 'author', 'display_name')) ?? text(at(authorship, 'raw_author_name')),
      )
      .filter((name) => name !== undefined),
    categories: categories(work),
    published: work.publication_date,
    year: work.publication_year,
    url: at(work, 'primary_location', 'landing_page_url'),
    doi: work.doi,
    arxiv_id: text(at(work, 'ids', 'arxiv')) ?? arxivFromLocations(work),
    venue:
      at(work, 'primary_location', 'source', 'display_name') ??
      at(work, 'host_venue', 'display_name'),
    keywords: uniqueStrings(
      list(work.keywords).map((keyword) =>
        typeof keyword === 'string'
          ? keyword
          : (text(at(keyword, 'display_name')) ?? at(keyword, 'keyword')),
      ),
    ),
  };
  const openAlexId = text(at(work, 'ids', 'openalex')) ?? text(work.id);
  return {
    record,
    sourceKey: openAlexId
      ? `openalex:${openAlexId.replace(/^https?:\/\/openalex\.org\//i, '')}`
      : null,
  };
}

/** `{"Deep": [0], "learning": [1, 5], …}` → "Deep learning … learning"; null when absent. */
export function abstractFromInvertedIndex(index: unknown): string | null {
  const words = objectFields(index);
  if (!words) return null;
  const placed: string[] = [];
  for (const [word, positions] of Object.entries(words)) {
    for (const position of list(positions)) {
      if (Number.isInteger(position) && (position as number) >= 0)
        placed[position as number] = word;
    }
  }
  return placed.filter((word) => word !== undefined).join(' ');
}

function categories(work: Record<string, unknown>): string[] {
  const topics = uniqueStrings(list(work.topics).map((topic) => at(topic, 'display_name')));
  if (topics.length > 0) return topics;
  const primary = text(at(work, 'primary_topic', 'display_name'));
  if (primary) return [primary];
  return uniqueStrings(list(work.concepts).map((concept) => at(concept, 'display_name')));
}

function arxivFromLocations(work: Record<string, unknown>): string | null {
  for (const location of [work.primary_location, ...list(work.locations)]) {
    const id = arxivIdIn(text(at(location, 'landing_page_url')) ?? text(at(location, 'pdf_url')));
    if (id) return id;
  }
  return null;
}

export function isOpenAlexRecord(value: unknown): boolean {
  const fields = objectFields(value);
  if (!fields) return false;
  const id = text(fields.id) ?? '';
  return (
    /^https?:\/\/openalex\.org\/W/i.test(id) ||
    'abstract_inverted_index' in fields ||
    'authorships' in fields
  );
}

export const OPENALEX_SCHEMA: RecordSchema = {
  name: 'OpenAlex works',
  marks: 'an openalex.org id, abstract_inverted_index, authorships',
  recognise: isOpenAlexRecord,
};

export const readOpenAlex = jsonRecordReader(readJsonRecords, fromOpenAlexRecord, OPENALEX_SCHEMA);
