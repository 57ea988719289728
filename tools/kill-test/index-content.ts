import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadGraph } from '../../src/index/embedded/embedded-version.js';
import { currentVersion, resolvePublished } from '../../src/index/embedded/index-root.js';
import { openVersionRecords } from '../../src/index/embedded/record-files.js';
import { readManifest } from '../../src/index/embedded/version-files.js';

/** What a published index holds, read through its store (not its bytes). */
export interface IndexContent {
  version: string;
  papers: Array<{ label: number; id: string; contentHash: string }>;
  vectors: Map<number, Float32Array>;
  corpusChecksum: string;
}

/** The published version's bytes, for proving a version was not touched. */
export interface PublishedSnapshot {
  current: string | null;
  /** sha256 of every file of the published version, by name. */
  files: Record<string, string>;
}

export async function readIndexContent(root: string): Promise<IndexContent> {
  const dir = await resolvePublished(root);
  if (!dir) throw new Error(`nothing published in ${root}`);
  const manifest = await readManifest(dir);
  const records = openVersionRecords(dir, { readonly: true });
  try {
    const papers: IndexContent['papers'] = [];
    for await (const { label, id, contentHash } of records.identities())
      papers.push({ label, id, contentHash });
    const graph = await loadGraph(dir, manifest);
    return {
      version: (await currentVersion(root)) ?? dir,
      papers,
      vectors: new Map(papers.map(({ label }) => [label, graph.getVector(label) as Float32Array])),
      corpusChecksum: manifest.corpus.checksum,
    };
  } finally {
    records.close();
  }
}

/**
 * Differences between two index contents: ids, labels and content hashes in label order,
 * vectors within `tolerance` per component, and the corpus checksum. Empty when equal.
 */
export function compareContent(
  actual: IndexContent,
  expected: IndexContent,
  tolerance: number,
): string[] {
  const problems: string[] = [];
  if (actual.corpusChecksum !== expected.corpusChecksum) problems.push('corpus checksum differs');
  if (actual.papers.length !== expected.papers.length) {
    problems.push(`${actual.papers.length} papers, expected ${expected.papers.length}`);
    return problems;
  }
  let differing = 0;
  let worst = 0;
  actual.papers.forEach((paper, i) => {
    const want = expected.papers[i];
    if (
      paper.id !== want.id ||
      paper.label !== want.label ||
      paper.contentHash !== want.contentHash
    )
      differing++;
    const got = actual.vectors.get(paper.label);
    const ref = expected.vectors.get(want.label);
    if (!got || !ref || got.length !== ref.length) {
      worst = Infinity;
      return;
    }
    for (let d = 0; d < got.length; d++) worst = Math.max(worst, Math.abs(got[d] - ref[d]));
  });
  if (differing > 0) problems.push(`${differing} papers differ in id, label or content hash`);
  if (worst > tolerance) problems.push(`vectors differ by up to ${worst} (tolerance ${tolerance})`);
  return problems;
}

export async function snapshotPublished(root: string): Promise<PublishedSnapshot> {
  const current = await currentVersion(root);
  const files: Record<string, string> = {};
  if (current) {
    const dir = join(root, current);
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    const names = entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
      .sort();
    for (const name of names) {
      files[name] = createHash('sha256')
        .update(await readFile(join(dir, name)))
        .digest('hex');
    }
  }
  return { current, files };
}
