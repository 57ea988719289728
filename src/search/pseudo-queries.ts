import type { DocumentInput } from '../embed/embedder.js';
import { tokenize } from '../embed/text-analyzer.js';

/**
 * Queries an index makes from its own papers, to measure its rankings without judgments
 * (self-supervised, in the spirit of the Inverse Cloze Task): a paper's title looking for its
 * abstract, and one sentence of an abstract looking for the rest of its paper. The query's
 * words are held out of the document it looks for, so neither ranking finds it by matching
 * the query against itself.
 */
export type PseudoQueryKind = 'title' | 'sentence';

export interface PseudoQuery {
  kind: PseudoQueryKind;
  text: string;
  /** The paper's label; its text stands in the ranking as `heldOut`. */
  target: number;
  heldOut: DocumentInput;
}

/** A sentence this short says too little to look for a paper with. */
const MIN_SENTENCE_WORDS = 6;

/** Sentence ends: ., ! or ? followed by white space. */
const SENTENCE_END = /(?<=[.!?])\s+/;

/**
 * Both kinds of pseudo-query for a paper, when it has them: the title (held out: the abstract
 * alone) and one sentence of a multi-sentence abstract, drawn by `random` (held out: the title
 * and the other sentences).
 */
export function pseudoQueriesOf(
  paper: DocumentInput & { label: number },
  random: () => number,
): PseudoQuery[] {
  const queries: PseudoQuery[] = [];
  if (paper.title.trim() && paper.abstract.trim()) {
    queries.push({
      kind: 'title',
      text: paper.title,
      target: paper.label,
      heldOut: { title: '', abstract: paper.abstract },
    });
  }
  const sentences = paper.abstract.split(SENTENCE_END).filter((s) => s.trim());
  const long = sentences
    .map((sentence, index) => ({ sentence, index }))
    .filter(({ sentence }) => tokenize(sentence).length >= MIN_SENTENCE_WORDS);
  if (sentences.length >= 2 && long.length > 0) {
    const { sentence, index } = long[Math.floor(random() * long.length)];
    queries.push({
      kind: 'sentence',
      text: sentence,
      target: paper.label,
      heldOut: {
        title: paper.title,
        abstract: sentences.filter((_, i) => i !== index).join(' '),
      },
    });
  }
  return queries;
}
