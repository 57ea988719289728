import { describe, expect, it } from 'vitest';
import { LiveSegment } from '../../../../src/index/embedded/text/live-segment.js';
import {
  SegmentedTextIndex,
  type SearchAlgorithm,
} from '../../../../src/index/embedded/text/segmented-text-index.js';
import { randomCorpus, randomQueries } from './corpus.js';
import { memoryIndex, memorySegment, textQuery } from './helpers.js';

const PRUNING: SearchAlgorithm[] = ['block-max-wand'];

describe('pruned top-k search', () => {
  const docs = randomCorpus(7, 3000);
  const segments = [
    new LiveSegment(memorySegment('a', docs.slice(0, 2000)), [5, 17, 300, 1999]),
    new LiveSegment(memorySegment('b', docs.slice(2000))),
  ];
  const queries = randomQueries(11, 150);
  const reference = new SegmentedTextIndex(segments, { algorithm: 'exhaustive' });

  for (const algorithm of PRUNING) {
    it(`${algorithm} returns exactly the exhaustive top k, ties included`, () => {
      const pruned = new SegmentedTextIndex(segments, { algorithm });
      for (const [i, query] of queries.entries()) {
        for (const k of [1, 10, 100]) {
          const expected = reference.searchLabels(query, k);
          expect(pruned.searchLabels(query, k), `query ${i}, k ${k}`).toEqual(expected);
        }
      }
    });

    it(`${algorithm} finds the best document at the start of a block after weak blocks`, () => {
      // Every paper holds "common" once in a long text; only the first paper of the second
      // block holds it often: skipping the first block must land exactly on it.
      const filler = Array.from({ length: 40 }, (_, i) => `f${i}`).join(' ');
      const texts = Array.from({ length: 400 }, (_, label) => ({
        label,
        title: 'common',
        abstract: label === 128 ? 'common common common common' : filler,
      }));
      const index = memoryIndex([texts], { algorithm });
      expect(index.searchLabels(textQuery('common'), 1).map((r) => r.label)).toEqual([128]);
    });
  }
});
