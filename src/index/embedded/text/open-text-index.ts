import { join } from 'node:path';
import { readDeletions } from './deletions.js';
import { readManifest } from './index-manifest.js';
import { LiveSegment } from './live-segment.js';
import { readSegment } from './segment-files.js';
import { SegmentedTextIndex, type SegmentedIndexOptions } from './segmented-text-index.js';

/** The live segments of the version in `dir`: each read into memory, its deletions applied. */
export function readLiveSegments(dir: string): LiveSegment[] {
  return readManifest(dir).segments.map((entry) => {
    const deleted = entry.deletions ? readDeletions(join(dir, entry.deletions)) : [];
    return new LiveSegment(readSegment(dir, entry.name), deleted);
  });
}

/** Opens the text index of one version for searching. */
export function openTextIndex(dir: string, options: SegmentedIndexOptions = {}): SegmentedTextIndex {
  return new SegmentedTextIndex(readLiveSegments(dir), options);
}
