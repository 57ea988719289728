import type { Paper } from '../../../src/corpus/paper.js';
import type { BenchQuery } from './bench-query.js';

/** A corpus paper and the label every engine indexes it under (its place in the corpus). */
export interface LabelledPaper {
  label: number;
  paper: Paper;
}

/**
 * A full-text engine under test, driven as the service would drive it: built once from the
 * corpus into its folder, opened in a fresh process, asked one query at a time.
 */
export interface LexicalEngine {
  build(papers: AsyncIterable<LabelledPaper>, dir: string): Promise<void>;
  open(dir: string): Promise<void>;
  /** Bytes of the full-text index alone, where the engine's files hold more (FTS5's papers). */
  indexBytes?(): number;
  /** Labels of the k best matches, best first. */
  search(query: BenchQuery, k: number): number[] | Promise<number[]>;
  close(): Promise<void>;
}

/** Engines measured, and the build each reads (variants of one engine share a build). */
export const LEXICAL_ENGINES = {
  fts5: 'fts5',
  'fts5-pruned': 'fts5',
  lancedb: 'lancedb',
  'block-max-wand': 'segments',
  'max-score': 'segments',
  exhaustive: 'segments',
  'block-max-wand-by-category': 'segments-by-category',
} as const;

export type LexicalEngineName = keyof typeof LEXICAL_ENGINES;
export const LEXICAL_ENGINE_NAMES = Object.keys(LEXICAL_ENGINES) as LexicalEngineName[];
export type BuildName = (typeof LEXICAL_ENGINES)[LexicalEngineName];

/** The engine that writes each build. */
export const BUILDERS: Record<BuildName, LexicalEngineName> = {
  fts5: 'fts5',
  lancedb: 'lancedb',
  segments: 'block-max-wand',
  'segments-by-category': 'block-max-wand-by-category',
};
