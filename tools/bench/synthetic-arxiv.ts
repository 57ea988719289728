import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { hashString, mulberry32 } from '../../src/util/prng.js';
import { AliasTable } from './arxiv/alias-table.js';
import { archiveOpen, CATEGORIES, neighbourArchives } from './arxiv/categories.js';
import {
  authorList,
  authorsText,
  comments,
  IdentifierScheme,
  isoDay,
  license,
  publication,
  submissionTime,
  versions,
  versionStamp,
} from './arxiv/metadata.js';
import { TextModel } from './arxiv/text-model.js';

/**
 * A synthetic corpus in the arXiv metadata snapshot's schema, at any size, the same bytes for
 * the same seed: papers in submission order from 1991 to 2025 (growing as arXiv did), real
 * category codes with arXiv's skew, and titles and abstracts from a topic model whose words
 * follow Zipf's and Heaps' laws (arxiv/text-model.ts). It stands in for the real 1–2.5M
 * abstracts when measuring search at that scale.
 */
export interface ArxivSnapshotRecord {
  id: string;
  submitter: string;
  authors: string;
  title: string;
  comments: string | null;
  'journal-ref': string | null;
  doi: string | null;
  'report-no': string | null;
  categories: string;
  license: string | null;
  abstract: string;
  versions: Array<{ version: string; created: string }>;
  update_date: string;
  authors_parsed: Array<[string, string, string]>;
}

export interface SyntheticArxivOptions {
  count: number;
  seed: number;
}

const CROSS_LISTS = new AliasTable([0.45, 0.35, 0.15, 0.05]);

export function* syntheticArxivRecords({
  count,
  seed,
}: SyntheticArxivOptions): Generator<ArxivSnapshotRecord> {
  const random = mulberry32(hashString('synthetic-arxiv', seed));
  const text = new TextModel();
  const ids = new IdentifierScheme();
  const primary = new AliasTable(CATEGORIES.map((c) => c.share));
  const crossTables = new Map<string, { table: AliasTable; indexes: number[] }>();
  for (let i = 0; i < count; i++) {
    const submitted = submissionTime((i + 0.5) / count, random);
    const year = submitted.getUTCFullYear();
    const categories = [openCategory(primary, year, random)];
    const crossCount = CROSS_LISTS.sample(random);
    for (let c = 0; c < crossCount; c++) {
      const cross = crossList(crossTables, categories[0], random);
      if (!categories.includes(cross) && archiveOpen(CATEGORIES[cross].archive, year)) {
        categories.push(cross);
      }
    }
    const { title, abstract } = text.paperText(text.topicMix(categories, random), random);
    const authors = authorList(random);
    const archive = CATEGORIES[categories[0]].archive;
    const history = versions(submitted, random);
    const published = publication(archive, year, random);
    yield {
      id: ids.next(submitted, archive),
      submitter: `${authors[0][1]} ${authors[0][0]}`,
      authors: authorsText(authors),
      title: wrap(title, 70, '\n  '),
      comments: comments(random),
      'journal-ref': published.journalRef,
      doi: published.doi,
      'report-no': null,
      categories: categories.map((c) => codeIn(CATEGORIES[c].code, year)).join(' '),
      license: license(year, random),
      abstract: `  ${wrap(abstract, 78, '\n')}\n`,
      versions: history.map((date, v) => ({ version: `v${v + 1}`, created: versionStamp(date) })),
      update_date: isoDay(history[history.length - 1]),
      authors_parsed: authors,
    };
  }
}

/** Writes `count` records as JSON Lines. */
export async function writeSyntheticArxiv(
  file: string,
  options: SyntheticArxivOptions,
): Promise<void> {
  const out = createWriteStream(file);
  let batch = '';
  for (const record of syntheticArxivRecords(options)) {
    batch += `${JSON.stringify(record)}\n`;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

/** A primary category whose archive existed in that year. */
function openCategory(table: AliasTable, year: number, random: () => number): number {
  for (;;) {
    const category = table.sample(random);
    if (archiveOpen(CATEGORIES[category].archive, year)) return category;
  }
}

/** A cross-list: the primary's archive or a neighbouring one, by category share. */
function crossList(
  tables: Map<string, { table: AliasTable; indexes: number[] }>,
  primary: number,
  random: () => number,
): number {
  const archive = CATEGORIES[primary].archive;
  let entry = tables.get(archive);
  if (!entry) {
    const near = neighbourArchives(archive);
    const indexes = CATEGORIES.flatMap((c, i) => (near.has(c.archive) ? [i] : []));
    const weights = indexes.map(
      (i) => CATEGORIES[i].share * (CATEGORIES[i].archive === archive ? 3 : 1),
    );
    entry = { table: new AliasTable(weights), indexes };
    tables.set(archive, entry);
  }
  return entry.indexes[entry.table.sample(random)];
}

/** Astrophysics had no subject classes before 2009. */
function codeIn(code: string, year: number): string {
  return year < 2009 && code.startsWith('astro-ph.') ? 'astro-ph' : code;
}

/** Hard line breaks as submissions have them: at the last space before `width`. */
function wrap(text: string, width: number, breakWith: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join(breakWith);
}
