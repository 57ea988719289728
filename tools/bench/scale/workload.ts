import { hashString, mulberry32 } from '../../../src/util/prng.js';

/** What a paper of the corpus offers a workload: its id and text. */
export interface WorkloadSource {
  id: string;
  title: string;
  abstract: string;
}

export interface RecommendCall {
  positive: string[];
  negative: string[];
}

/** The requests timed at every size, drawn from the corpus being searched. */
export interface Workload {
  /** Free text as people type it: whole titles, and 2–6 word phrases from abstracts, alternating. */
  queries: string[];
  relatedIds: string[];
  /** Two papers to be like and one to be unlike. */
  recommend: RecommendCall[];
}

export const PHRASE_WORDS = { min: 2, max: 6 } as const;

/** The same workload for the same papers and seed. Needs at least three papers. */
export function buildWorkload(papers: readonly WorkloadSource[], seed: number): Workload {
  if (papers.length < 3) throw new RangeError('a workload needs at least three papers');
  const random = mulberry32(hashString('scale-workload', seed));
  const queries = papers.map((paper, i) =>
    i % 2 === 0 ? oneLine(paper.title) : phrase(paper.abstract, random),
  );
  const ids = papers.map((paper) => paper.id);
  const at = (i: number) => ids[i % ids.length];
  return {
    queries,
    relatedIds: ids,
    recommend: ids.map((_, i) => ({ positive: [at(i), at(i + 1)], negative: [at(i + 2)] })),
  };
}

/** A run of 2–6 consecutive words of the text, without punctuation. */
export function phrase(text: string, random: () => number): string {
  const words = text
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
  const span = PHRASE_WORDS.min + Math.floor(random() * (PHRASE_WORDS.max - PHRASE_WORDS.min + 1));
  const length = Math.min(span, words.length);
  const start = Math.floor(random() * (words.length - length + 1));
  return words.slice(start, start + length).join(' ');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
