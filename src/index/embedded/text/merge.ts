import type { LiveSegment } from './live-segment.js';
import { ordinalsByLabel } from './segment-builder.js';
import { writeSegmentFiles, type SegmentSummary } from './segment-files.js';
import { SegmentWriter, type DocumentTable } from './segment-writer.js';

/**
 * Rewrites segments as one, without their deleted documents: documents keep their order
 * (segment by segment), each term's postings are the sources' postings concatenated with
 * ordinals renumbered. Sources are read in memory; the result streams to files.
 */
export function mergeSegments(
  sources: readonly LiveSegment[],
  dir: string,
  name: string,
): SegmentSummary {
  const { table, remaps } = mergedDocuments(sources);
  return writeSegmentFiles(dir, name, (sink) => {
    const writer = new SegmentWriter(sink, table);
    for (let s = 0; s < sources.length; s++) {
      const { segment } = sources[s];
      for (let id = 0; id < segment.termCount; id++) {
        const term = segment.term(id);
        if (heldBefore(sources, s, term)) continue;
        writer.beginTerm(term);
        for (let t = s; t < sources.length; t++) {
          const other = t === s ? id : sources[t].segment.termId(term);
          if (other >= 0) copyPostings(sources[t], other, remaps[t], writer);
        }
        writer.endTerm();
      }
    }
    return writer.finish();
  });
}

/** Whether a source before `s` holds the term (and so has written it already). */
function heldBefore(sources: readonly LiveSegment[], s: number, term: string): boolean {
  for (let earlier = 0; earlier < s; earlier++) {
    if (sources[earlier].segment.termId(term) >= 0) return true;
  }
  return false;
}

function copyPostings(
  source: LiveSegment,
  term: number,
  remap: Int32Array,
  writer: SegmentWriter,
): void {
  const { docs, freqs, postingOffsets } = source.segment.data;
  for (let p = postingOffsets[term]; p < postingOffsets[term + 1]; p++) {
    const ordinal = remap[docs[p]];
    if (ordinal >= 0) writer.push(ordinal, freqs[p]);
  }
}

/** The live documents of all sources, numbered in order, and each source's ordinal map. */
function mergedDocuments(sources: readonly LiveSegment[]): {
  table: DocumentTable;
  remaps: Int32Array[];
} {
  const total = sources.reduce((sum, s) => sum + s.liveDocuments, 0);
  const labels = new Int32Array(total);
  const lengths = new Int32Array(total);
  let next = 0;
  const remaps = sources.map((live) => {
    const data = live.segment.data;
    const remap = new Int32Array(data.labels.length).fill(-1);
    for (let ordinal = 0; ordinal < remap.length; ordinal++) {
      if (!live.isLive(ordinal)) continue;
      labels[next] = data.labels[ordinal];
      lengths[next] = data.lengths[ordinal];
      remap[ordinal] = next++;
    }
    return remap;
  });
  return { table: { labels, lengths, labelOrder: ordinalsByLabel(labels) }, remaps };
}
