import {
  analyzedWords,
  type LexicalQuery,
  type QueryTerm,
  type TermStatistics,
} from './lexical-query.js';
import { WordNet } from './wordnet.js';

/**
 * How a query's words are expanded with WordNet synonyms: the synonyms of each word's
 * `senses` most frequent senses per part of speech, at most `perWord` of those the corpus
 * holds, each weighing `weight` times the word's own weight (below 1, so a paper using the
 * asker's own words still ranks first).
 */
export interface SynonymParameters {
  senses: number;
  perWord: number;
  weight: number;
}

export const SYNONYM_DEFAULTS: SynonymParameters = { senses: 1, perWord: 3, weight: 0.3 };

let shared: WordNet | null = null;

/** One WordNet reader per process: its index files load on the first lookup and stay. */
export function sharedWordNet(): WordNet {
  shared ??= new WordNet();
  return shared;
}

/**
 * The query with synonyms of its searched words added after them, each marked with the word
 * it expands. A synonym whose stem the query already has, or that no paper holds, is skipped.
 */
export async function withSynonyms(
  query: LexicalQuery,
  stats: TermStatistics,
  wordnet: WordNet = sharedWordNet(),
  parameters: SynonymParameters = SYNONYM_DEFAULTS,
): Promise<LexicalQuery> {
  const original = query.terms.slice(0, query.searched);
  const seen = new Set(original.map((t) => t.stem));
  const candidates: QueryTerm[][] = [];
  for (const term of original) {
    const found: QueryTerm[] = [];
    for (const synonym of await wordnet.synonyms(term.word, parameters.senses)) {
      const analysed = analyzedWords(synonym);
      // A synonym the analyser splits or drops ("small-scale", "do") is not one term.
      if (analysed.length !== 1 || seen.has(analysed[0].stem)) continue;
      seen.add(analysed[0].stem);
      found.push({
        ...analysed[0],
        weight: parameters.weight * term.weight,
        origin: { kind: 'synonym', of: term.word },
      });
    }
    candidates.push(found);
  }
  const all = candidates.flat();
  if (all.length === 0) return query;
  const frequencies = await stats.documentFrequencies(all);
  const held = new Set(all.filter((_, i) => frequencies[i] > 0));
  const added = candidates.flatMap((found) =>
    found.filter((t) => held.has(t)).slice(0, parameters.perWord),
  );
  return {
    terms: [...original, ...added, ...query.terms.slice(query.searched)],
    searched: original.length + added.length,
  };
}
