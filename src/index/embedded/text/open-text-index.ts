import { join } from 'node:path';
import { readDeletions } from './deletions.js';
import { readManifest } from './index-manifest.js';
import { LiveSegment } from './live-segment.js';
import { readSegment } from './segment-files.js';
import type { Segment } from './segment.js';
import { SegmentedTextIndex, type SegmentedIndexOptions } from './segmented-text-index.js';

/**
 * The live segments of the version in `dir`: each read into memory (or taken from `loaded`,
 * which holds segments already read of the same files), its deletions applied.
 */
export function readLiveSegments(
  dir: string,
  loaded: (name: string) => Segment | undefined = () => undefined,
): LiveSegment[] {
  return readManifest(dir).segments.map((entry) => {
    const deleted = entry.deletions ? readDeletions(join(dir, entry.deletions)) : [];
    return new LiveSegment(loaded(entry.name) ?? readSegment(dir, entry.name), deleted);
  });
}

/** Opens the text index of one version for searching. */
export function openTextIndex(
  dir: string,
  options: SegmentedIndexOptions = {},
): SegmentedTextIndex {
  return new SegmentedTextIndex(readLiveSegments(dir), options);
}
