import { createHash } from 'node:crypto';
import { contentHash, documentText, type Paper } from '../../src/corpus/paper.js';
import type { IndexBuild } from '../../src/index/backend.js';
import type { VectorWriter } from '../../src/index/vector-index.js';

/** Hash of the exact text a document embedder sees. */
export function textHashOf(paper: Paper): string {
  return createHash('sha256').update(documentText(paper)).digest('hex').slice(0, 32);
}

/** Writes papers with their vectors through a build's record, text and vector writers. */
export async function writePapers(
  build: IndexBuild,
  vectors: VectorWriter,
  entries: ReadonlyArray<{ label: number; paper: Paper; vector: Float32Array }>,
): Promise<void> {
  await build.records.put(
    entries.map(({ label, paper }) => ({
      label,
      paper,
      contentHash: contentHash(paper),
      textHash: textHashOf(paper),
    })),
  );
  await build.text.put(
    entries.map(({ label, paper }) => ({ label, title: paper.title, abstract: paper.abstract })),
  );
  await vectors.put(entries.map(({ label, vector }) => ({ label, vector })));
}
