import { LiveSegment } from '../../../../src/index/embedded/text/live-segment.js';
import { SegmentBuilder } from '../../../../src/index/embedded/text/segment-builder.js';
import type { Segment } from '../../../../src/index/embedded/text/segment.js';
import {
  SegmentedTextIndex,
  type SegmentedIndexOptions,
} from '../../../../src/index/embedded/text/segmented-text-index.js';
import type { TextDocument, TextQuery } from '../../../../src/index/text-index.js';

export function memorySegment(name: string, docs: readonly TextDocument[]): Segment {
  const builder = new SegmentBuilder();
  for (const doc of docs) builder.add(doc);
  return builder.toSegment(name);
}

/** An index over one in-memory segment per group of documents. */
export function memoryIndex(
  groups: ReadonlyArray<readonly TextDocument[]>,
  options: SegmentedIndexOptions = {},
): SegmentedTextIndex {
  const segments = groups.map((docs, i) => new LiveSegment(memorySegment(`s${i}`, docs)));
  return new SegmentedTextIndex(segments, options);
}

/** A free-text query of analysed words, each weighing 1 (words here are their own stems). */
export function textQuery(...stems: string[]): TextQuery {
  return { terms: stems.map((stem) => ({ word: stem, stem, weight: 1 })) };
}

export function labelsOf(results: ReadonlyArray<{ label: number }>): number[] {
  return results.map((r) => r.label);
}
