import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CorpusError } from './corpus-error.js';
import { readCorpus } from './formats.js';
import { readListing } from './listing-reader.js';
import { normalizeTitleKey, paperRecord, type Paper } from './paper.js';
import type { CorpusEvent } from './reader.js';

/**
 * Builds the committed sample corpus from the seed listing dumps, then from record files (the
 * arXiv snapshot excerpt in data/sample, which brings real authors, categories, DOIs and links).
 * The same paper appears in several dumps; copies are merged by normalised title, keeping the
 * most complete record (most filled optional fields), and among equally complete ones the last
 * read: listings in file-name and line order, then the record files in the order given.
 * Output is sorted by id with a fixed key order, so a rebuild yields identical bytes.
 */
export interface SampleBuild {
  files: string[];
  /** Papers read, duplicates included. */
  parsed: number;
  /** Unique papers, sorted by id. */
  papers: Paper[];
  skips: Extract<CorpusEvent, { kind: 'skip' }>[];
}

export async function listSeedFiles(seedDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(seedDir);
  } catch (error) {
    throw new CorpusError(seedDir, 'seed folder not found or unreadable', { cause: error });
  }
  const seeds = names.filter((name) => name.endsWith('.txt')).sort();
  if (seeds.length === 0) throw new CorpusError(seedDir, 'no .txt seed listings in folder');
  return seeds.map((name) => join(seedDir, name));
}

export async function buildSample(
  seedDir: string,
  recordFiles: readonly string[] = [],
): Promise<SampleBuild> {
  const seeds = await listSeedFiles(seedDir);
  const byTitle = new Map<string, Paper>();
  const skips: SampleBuild['skips'] = [];
  let parsed = 0;
  const sources = [...seeds.map((file) => readListing(file)), readCorpus(recordFiles)];
  for (const events of sources) {
    for await (const event of events) {
      if (event.kind === 'skip') {
        skips.push(event);
        continue;
      }
      parsed += 1;
      keepMoreComplete(byTitle, event.paper);
    }
  }
  const papers = [...byTitle.values()].sort((a, b) => compareCodePoints(a.id, b.id));
  return { files: [...seeds, ...recordFiles], parsed, papers, skips };
}

function keepMoreComplete(byTitle: Map<string, Paper>, paper: Paper): void {
  const key = normalizeTitleKey(paper.title);
  const kept = byTitle.get(key);
  if (!kept || completeness(paper) >= completeness(kept)) byTitle.set(key, paper);
}

/** Number of filled optional fields. */
export function completeness(paper: Paper): number {
  return [
    paper.authors.length > 0,
    paper.categories.length > 0,
    paper.published !== null,
    paper.url !== null,
    paper.doi !== null,
    paper.arxivId !== null,
    paper.venue !== null,
    paper.keywords.length > 0,
  ].filter(Boolean).length;
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One JSON object per line, in the external record shape (fixed key order). */
export function serializeSample(papers: readonly Paper[]): string {
  return papers.map((paper) => `${JSON.stringify(paperRecord(paper))}\n`).join('');
}

export async function writeSample(outFile: string, papers: readonly Paper[]): Promise<void> {
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, serializeSample(papers), 'utf8');
}
