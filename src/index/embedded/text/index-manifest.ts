import {
  copyFileSync,
  existsSync,
  linkSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ANALYZER_VERSION } from '../../../embed/text-analyzer.js';

/**
 * An index version's list of segments, `segments.json` in its text folder: each segment's
 * name, documents, and the file holding its deleted labels in this version. Written last,
 * by rename, so a version's text index is complete whenever the list exists.
 */
export const MANIFEST_FILE = 'segments.json';
const FORMAT = 1;

const entrySchema = z.object({
  name: z.string().regex(/^s\d+$/),
  documents: z.int().min(0),
  deleted: z.int().min(0),
  /** Deletion file name in the same folder, null when nothing is deleted. */
  deletions: z
    .string()
    .regex(/^s\d+_\d+\.del$/)
    .nullable(),
});

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  analyzer: z.int(),
  /** Number of the next segment to create: names are never reused. */
  nextSegment: z.int().min(0),
  segments: z.array(entrySchema),
});

export type SegmentEntry = z.infer<typeof entrySchema>;
export type TextIndexManifest = z.infer<typeof manifestSchema>;

export function emptyManifest(): TextIndexManifest {
  return { format: FORMAT, analyzer: ANALYZER_VERSION, nextSegment: 1, segments: [] };
}

export function segmentName(number: number): string {
  return `s${String(number).padStart(6, '0')}`;
}

/** The deletion file of a segment at a generation: `s000001_3.del`. */
export function deletionFileName(segment: string, generation: number): string {
  return `${segment}_${generation}.del`;
}

export function deletionGeneration(file: string): number {
  return Number(/_(\d+)\.del$/.exec(file)?.[1] ?? 0);
}

export function readManifest(dir: string): TextIndexManifest {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) throw new Error(`${dir} holds no text index (no ${MANIFEST_FILE})`);
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  if (parsed.data.analyzer !== ANALYZER_VERSION) {
    throw new Error(
      `${file}: built with text analyser version ${parsed.data.analyzer}, this build analyses ` +
        `with version ${ANALYZER_VERSION}; rebuild the index`,
    );
  }
  return parsed.data;
}

export function writeManifest(dir: string, manifest: TextIndexManifest): void {
  const file = join(dir, MANIFEST_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Hard-links an unchanged file into the new version; copies where links are impossible. */
export function linkInto(fromDir: string, toDir: string, file: string): void {
  const target = join(toDir, file);
  if (existsSync(target)) return;
  try {
    linkSync(join(fromDir, file), target);
  } catch {
    copyFileSync(join(fromDir, file), target);
  }
}
