import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TextDocument, TextWriter } from '../../text-index.js';
import { readDeletions, writeDeletions } from './deletions.js';
import {
  deletionFileName,
  deletionGeneration,
  emptyManifest,
  linkInto,
  readManifest,
  segmentName,
  writeManifest,
  type SegmentEntry,
  type TextIndexManifest,
} from './index-manifest.js';
import { LiveSegment } from './live-segment.js';
import { mergeSegments } from './merge.js';
import { DEFAULT_MERGE_POLICY, planMerge, type MergePolicy } from './merge-policy.js';
import { SegmentBuilder } from './segment-builder.js';
import type { SegmentTable } from './segment.js';
import { readSegment, readSegmentTable, SEGMENT_EXTENSIONS, segmentFile } from './segment-files.js';

export interface TextIndexWriterOptions {
  /** The previous version's text folder: its segments are kept, linked, and updated. */
  base?: string;
  policy?: MergePolicy;
  /** Postings held in memory before the new segment's build spills a run. */
  runPostings?: number;
}

/** A base segment as the writer tracks it: its dictionary and its deleted labels. */
interface BaseSegment {
  entry: SegmentEntry;
  table: SegmentTable;
  deleted: Set<number>;
  changed: boolean;
}

/**
 * Writes one version of a text index into an empty folder (TextWriter). Papers put or
 * removed go to one new segment; their earlier versions in the base's segments are marked
 * deleted. Committing links the base's unchanged files (segments are never modified),
 * writes the new segment and the changed deletion sets, merges as the policy asks, and
 * writes the segment list last.
 */
export class TextIndexWriter implements TextWriter {
  private readonly base: BaseSegment[];
  private readonly builder: SegmentBuilder;
  private nextSegment: number;
  private committed = false;

  constructor(
    private readonly dir: string,
    private readonly options: TextIndexWriterOptions = {},
  ) {
    mkdirSync(dir, { recursive: true });
    const manifest = options.base ? readManifest(options.base) : emptyManifest();
    this.nextSegment = manifest.nextSegment;
    this.base = manifest.segments.map((entry) => ({
      entry,
      table: readSegmentTable(options.base as string, entry.name),
      deleted: new Set(
        entry.deletions ? readDeletions(join(options.base as string, entry.deletions)) : [],
      ),
      changed: false,
    }));
    this.builder = new SegmentBuilder({ spillDir: dir, runPostings: options.runPostings });
  }

  async put(docs: readonly TextDocument[]): Promise<void> {
    for (const doc of docs) {
      this.deleteFromBase(doc.label);
      this.builder.add(doc);
    }
  }

  async remove(labels: readonly number[]): Promise<void> {
    for (const label of labels) {
      this.deleteFromBase(label);
      this.builder.remove(label);
    }
  }

  /** Writes everything and the segment list; the writer cannot be used afterwards. */
  async commit(): Promise<TextIndexManifest> {
    if (this.committed) throw new Error('text index writer already committed');
    this.committed = true;
    let segments = this.base.map((segment) => this.keep(segment));
    if (this.builder.added > 0) {
      const name = segmentName(this.nextSegment++);
      const { documents } = this.builder.write(this.dir, name);
      if (documents > 0) segments.push({ name, documents, deleted: 0, deletions: null });
      else this.removeSegment({ name, documents, deleted: 0, deletions: null });
    }
    segments = this.merged(segments);
    const manifest = { ...emptyManifest(), nextSegment: this.nextSegment, segments };
    writeManifest(this.dir, manifest);
    return manifest;
  }

  private deleteFromBase(label: number): void {
    for (const segment of this.base) {
      if (segment.deleted.has(label) || segment.table.ordinalOf(label) < 0) continue;
      segment.deleted.add(label);
      segment.changed = true;
    }
  }

  /** Links a base segment into the new version, with a new deletion file if it changed. */
  private keep({ entry, deleted, changed }: BaseSegment): SegmentEntry {
    const from = this.options.base as string;
    for (const extension of SEGMENT_EXTENSIONS)
      linkInto(from, this.dir, `${entry.name}.${extension}`);
    if (!changed) {
      if (entry.deletions) linkInto(from, this.dir, entry.deletions);
      return entry;
    }
    const generation = entry.deletions ? deletionGeneration(entry.deletions) + 1 : 1;
    const deletions = deletionFileName(entry.name, generation);
    writeDeletions(join(this.dir, deletions), deleted);
    return { ...entry, deleted: deleted.size, deletions };
  }

  /** Applies the merge policy: the chosen segments become one, in the place of the first. */
  private merged(segments: SegmentEntry[]): SegmentEntry[] {
    const plan = planMerge(segments, this.options.policy ?? DEFAULT_MERGE_POLICY);
    if (!plan) return segments;
    const chosen = segments.filter((entry) => plan.includes(entry.name));
    const sources = chosen.map(
      (entry) =>
        new LiveSegment(
          readSegment(this.dir, entry.name),
          entry.deletions ? readDeletions(join(this.dir, entry.deletions)) : [],
        ),
    );
    const name = segmentName(this.nextSegment++);
    const { documents } = mergeSegments(sources, this.dir, name);
    for (const entry of chosen) this.removeSegment(entry);
    const merged: SegmentEntry = { name, documents, deleted: 0, deletions: null };
    const at = segments.findIndex((entry) => plan.includes(entry.name));
    const rest = segments.filter((entry) => !plan.includes(entry.name));
    if (documents === 0) {
      this.removeSegment(merged);
      return rest;
    }
    return [...rest.slice(0, at), merged, ...rest.slice(at)];
  }

  /** Unlinks a segment's files from this version's folder (the base keeps its own links). */
  private removeSegment(entry: SegmentEntry): void {
    for (const extension of SEGMENT_EXTENSIONS)
      rmSync(segmentFile(this.dir, entry.name, extension), { force: true });
    if (entry.deletions) rmSync(join(this.dir, entry.deletions), { force: true });
  }
}
