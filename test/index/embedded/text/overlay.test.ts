import { describe, expect, it } from 'vitest';
import { LiveSegment } from '../../../../src/index/embedded/text/live-segment.js';
import { SegmentedTextIndex } from '../../../../src/index/embedded/text/segmented-text-index.js';
import { randomCorpus, randomQueries } from './corpus.js';
import { memoryIndex, memorySegment } from './helpers.js';

describe('papers indexed in memory, scored with a base index statistics', () => {
  const base = randomCorpus(41, 2000);
  const written = randomCorpus(42, 20, 400, 5000);

  it('rank on the base scale: as if their terms were counted by the base alone', () => {
    const baseIndex = memoryIndex([base]);
    const overlay = new SegmentedTextIndex([new LiveSegment(memorySegment('mem', written))], {
      statistics: baseIndex.corpusStatistics,
    });
    // The written papers must score exactly as they do beside the base's papers in one
    // index scored with the base's statistics.
    const combined = new SegmentedTextIndex(
      [new LiveSegment(memorySegment('b', base)), new LiveSegment(memorySegment('mem', written))],
      { statistics: baseIndex.corpusStatistics },
    );
    for (const query of randomQueries(43, 30)) {
      const fromOverlay = overlay.searchLabels(query, 50);
      const writtenInCombined = combined.searchLabels(query, 3000).filter((r) => r.label >= 5000);
      expect(fromOverlay).toEqual(writtenInCombined.slice(0, 50));
    }
  });

  it('differ from scores with their own statistics', () => {
    const own = memoryIndex([written]);
    const baseIndex = memoryIndex([base]);
    const overlay = new SegmentedTextIndex([new LiveSegment(memorySegment('mem', written))], {
      statistics: baseIndex.corpusStatistics,
    });
    const query = randomQueries(44, 1)[0];
    const scores = (index: SegmentedTextIndex) => index.searchLabels(query, 5).map((r) => r.score);
    expect(scores(overlay)).not.toEqual(scores(own));
  });
});
