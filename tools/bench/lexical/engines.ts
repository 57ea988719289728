import { Fts5Engine } from './fts5-engine.js';
import type { LexicalEngine, LexicalEngineName } from './engine.js';
import { LanceDbEngine } from './lancedb-engine.js';
import { SegmentEngine } from './segment-engine.js';

export function createLexicalEngine(name: LexicalEngineName): LexicalEngine {
  switch (name) {
    case 'fts5':
      return new Fts5Engine(false);
    case 'fts5-pruned':
      return new Fts5Engine(true);
    case 'lancedb':
      return new LanceDbEngine();
    case 'block-max-wand':
    case 'max-score':
    case 'exhaustive':
      return new SegmentEngine(name);
    case 'block-max-wand-by-category':
      return new SegmentEngine('block-max-wand', 'category');
  }
}
