/** When segments are merged: after updates leave many small segments or many deleted papers. */
export interface MergePolicy {
  /** More segments than this are merged, smallest first (every search visits every segment). */
  maxSegments: number;
  /** A segment with a larger share of deleted documents is rewritten without them. */
  maxDeletedShare: number;
}

export const DEFAULT_MERGE_POLICY: MergePolicy = { maxSegments: 8, maxDeletedShare: 0.2 };

export interface SegmentState {
  name: string;
  documents: number;
  deleted: number;
}

/**
 * The segments to merge into one, in their index order, or null when none need to be. The
 * largest segments are left alone unless deletions call for a rewrite, so a stream of small
 * updates does not rewrite the bulk of the index each time.
 */
export function planMerge(segments: readonly SegmentState[], policy: MergePolicy): string[] | null {
  const chosen = new Set(
    segments
      .filter((s) => s.documents > 0 && s.deleted / s.documents > policy.maxDeletedShare)
      .map((s) => s.name),
  );
  const bySize = [...segments].sort(
    (a, b) => a.documents - a.deleted - (b.documents - b.deleted) || a.name.localeCompare(b.name),
  );
  const remaining = () => segments.length - Math.max(0, chosen.size - 1);
  for (const segment of bySize) {
    if (remaining() <= policy.maxSegments) break;
    chosen.add(segment.name);
  }
  if (chosen.size === 0) return null;
  if (chosen.size === 1) {
    const only = segments.find((s) => chosen.has(s.name));
    if (!only?.deleted) return null;
  }
  return segments.filter((s) => chosen.has(s.name)).map((s) => s.name);
}
