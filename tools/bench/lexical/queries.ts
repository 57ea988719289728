import { writeFile } from 'node:fs/promises';
import { COMMON_WORDS } from '../arxiv/english.js';
import { isStopword, stem, tokenize } from '../../../src/embed/text-analyzer.js';
import type { SegmentedTextIndex } from '../../../src/index/embedded/text/segmented-text-index.js';
import { hashString, mulberry32 } from '../../../src/util/prng.js';
import { likeQuery, LIKE_TERMS, textQuery } from '../../../src/search/lexical-query.js';
import type { Paper } from '../../../src/corpus/paper.js';
import type { TextTerm } from '../../../src/index/text-index.js';
import type { BenchQuery, QuerySet } from './bench-query.js';
import { labelledPapers } from './corpus.js';

export interface QueryPlan {
  text: number;
  like: number;
  seed: number;
}

/**
 * Queries drawn from the corpus: free text is 2–6 consecutive content words of a random
 * paper's title, a third of them with a common scientific word added; "more like this" is
 * a random paper's query as the service builds it (weights from the index's statistics).
 */
export async function buildQueries(
  corpusFile: string,
  count: number,
  plan: QueryPlan,
  index: SegmentedTextIndex,
  out: string,
): Promise<QuerySet> {
  const random = mulberry32(hashString('lexical-queries', plan.seed));
  const textPapers = pickLabels(random, count, plan.text);
  const likePapers = pickLabels(random, count, plan.like);
  const picked = new Set([...textPapers, ...likePapers]);
  const wanted = new Map<number, Paper>();
  for await (const { label, paper } of labelledPapers(corpusFile)) {
    if (picked.has(label)) wanted.set(label, paper);
  }
  const stats = index.scoringStatistics;
  const documentFrequency = (term: TextTerm) => stats.documentFrequency(stem(term.word));
  const like: BenchQuery[] = [];
  for (const label of likePapers) {
    const query = await likeQuery([wanted.get(label) as Paper], [], {
      papers: stats.documents,
      documentFrequencies: async (terms) => terms.map(documentFrequency),
    });
    const terms = query.terms.slice(0, LIKE_TERMS);
    like.push({
      kind: 'like',
      text: terms.map((t) => t.word).join(' '),
      terms,
      budgeted: withinPostingsBudget(query.terms, documentFrequency),
      source: label,
    });
  }
  const set: QuerySet = {
    text: textPapers.map((label) => freeText(wanted.get(label) as Paper, random)),
    like,
  };
  await writeFile(out, JSON.stringify(set));
  return set;
}

function pickLabels(random: () => number, count: number, wanted: number): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(wanted, count)) picked.add(Math.floor(random() * count));
  return [...picked];
}

function freeText(paper: Paper, random: () => number): BenchQuery {
  const words = tokenize(paper.title).filter((w) => !isStopword(w));
  const length = Math.min(words.length, 2 + Math.floor(random() * 5));
  const start = Math.floor(random() * (words.length - length + 1));
  const chosen = words.slice(start, start + length);
  if (random() < 1 / 3) {
    const common = COMMON_WORDS[Math.floor(random() * COMMON_WORDS.length)];
    chosen.splice(Math.floor(random() * (chosen.length + 1)), 0, common);
  }
  const text = chosen.join(' ');
  const { terms } = textQuery(text);
  return { kind: 'text', text, terms, budgeted: terms, source: null };
}

/**
 * The service's former cut of a "more like this" query, while FTS5 scored every posting: the
 * best terms (at most LIKE_TERMS) whose document frequencies sum to at most this many
 * postings, the best one always.
 */
export const LIKE_POSTINGS_BUDGET = 20_000;

export function withinPostingsBudget(
  terms: readonly TextTerm[],
  documentFrequency: (term: TextTerm) => number,
): TextTerm[] {
  const searched: TextTerm[] = [];
  let postings = 0;
  for (const term of terms) {
    const df = documentFrequency(term);
    if (
      searched.length < LIKE_TERMS &&
      (searched.length === 0 || postings + df <= LIKE_POSTINGS_BUDGET)
    ) {
      searched.push(term);
      postings += df;
    }
  }
  return searched;
}
