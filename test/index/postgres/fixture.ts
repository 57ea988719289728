import { createHash } from 'node:crypto';
import { writePapers as writeThroughBuild } from '../../../tools/bench/write-papers.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  documentText,
  fromPaperRecord,
  type Paper,
  type PaperRecord,
} from '../../../src/corpus/paper.js';
import { dot } from '../../../src/embed/dot.js';
import { l2Normalize } from '../../../src/embed/pooling.js';
import { stem, tokenize } from '../../../src/embed/text-analyzer.js';
import type { Backend, IndexBuild, VectorSpec } from '../../../src/index/backend.js';
import { validateHnswParams } from '../../../src/index/hnsw-params.js';
import { FORMAT_VERSION, type IndexManifest } from '../../../src/index/manifest.js';

const SAMPLE = fileURLToPath(new URL('../../../data/sample/papers.jsonl', import.meta.url));

const AUTHORS = [
  'Csaba Balázs',
  'Louis Theran',
  'Ileana Streinu',
  'Ada Lovelace',
  'Grace Hopper',
  'Alan Turing',
  'Emmy Noether',
  'Kurt Gödel',
  'Sofia Kovalevskaya',
  'John von Neumann',
  'Mary Cartwright',
  'Paul Erdős',
  'Srinivasa Ramanujan',
  'Hedy Lamarr',
  'Edsger Dijkstra',
  'Barbara Liskov',
  'Donald Knuth',
  'Frances Allen',
  'Claude Shannon',
  'Katherine Johnson',
  'Tony Hoare',
];

/**
 * The first `count` papers of the committed sample corpus: real titles and abstracts. The
 * sample carries no authors, categories or identifiers, so those are assigned by position
 * (a rare category, accented names, DOIs and arXiv ids on some) for filters to select on.
 */
export function samplePapers(count = Infinity): Paper[] {
  return readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, count)
    .map((line, i) => withFacets(fromPaperRecord(JSON.parse(line) as PaperRecord), i));
}

function withFacets(paper: Paper, i: number): Paper {
  const categories = i % 2 ? ['cs.LG'] : ['cs.CL', 'stat.ML'];
  if (i % 25 === 3) categories.push('math.CO');
  const month = String((i % 12) + 1).padStart(2, '0');
  return {
    ...paper,
    authors: [AUTHORS[i % AUTHORS.length], AUTHORS[(i * 7 + 3) % AUTHORS.length]],
    categories,
    published:
      paper.published ?? `${2010 + (i % 12)}-${month}-${String((i % 28) + 1).padStart(2, '0')}`,
    doi: i % 10 === 0 ? `10.1000/Sample.${i}` : null,
    arxivId: i % 10 === 5 ? `2101.${String(i).padStart(5, '0')}` : null,
  };
}

export const DIMS = 48;

/**
 * A deterministic embedding: stems of title and abstract hashed into DIMS signed buckets,
 * L2-normalised. Papers sharing words point the same way, as real embeddings of them would.
 */
export function hashEmbed(text: string, dims = DIMS): Float32Array {
  const vector = new Float32Array(dims);
  for (const token of tokenize(text)) {
    const digest = createHash('sha1').update(stem(token)).digest();
    vector[digest.readUInt32LE(0) % dims] += digest[4] & 1 ? 1 : -1;
  }
  return l2Normalize(vector);
}

export function embedPaper(paper: Paper, dims = DIMS): Float32Array {
  return hashEmbed(documentText(paper), dims);
}

export function vectorSpec(search: 'exact' | 'hnsw' = 'hnsw', dims = DIMS): VectorSpec {
  return { dims, search, hnsw: validateHnswParams({}), capacity: 1000 };
}

export function manifestFor(
  count: number,
  search: 'exact' | 'hnsw' = 'hnsw',
  dims = DIMS,
): IndexManifest {
  return {
    formatVersion: FORMAT_VERSION,
    embedder: {
      id: 'hash-test',
      fingerprint: 'hash-test-fp',
      dims,
      spec: { kind: 'lexical' },
    },
    count,
    nextLabel: count,
    search,
    hnsw: validateHnswParams({}),
    text: { engine: 'test' },
    corpus: { checksum: 'test', files: ['papers.jsonl'] },
    build: { kind: 'full', base: null },
    builtAt: new Date(0).toISOString(),
    buildSeconds: 0,
    changesThrough: 0,
  };
}

/** Writes papers under the given labels through all three writers of a build. */
export async function writePapers(
  build: IndexBuild,
  entries: Array<{ label: number; paper: Paper }>,
  options: { search?: 'exact' | 'hnsw'; dims?: number } = {},
): Promise<void> {
  const dims = options.dims ?? DIMS;
  const vectors = await build.vectors(vectorSpec(options.search ?? 'hnsw', dims));
  await writeThroughBuild(
    build,
    vectors,
    entries.map((e) => ({ ...e, vector: embedPaper(e.paper, dims) })),
  );
}

/** Builds and publishes a version holding `papers` under labels 0..n-1. */
export async function publishPapers(
  backend: Backend,
  papers: Paper[],
  options: { keep?: number; search?: 'exact' | 'hnsw' } = {},
): Promise<string> {
  const build = await backend.build({ fromPublished: false });
  await writePapers(
    build,
    papers.map((paper, label) => ({ label, paper })),
    options,
  );
  return build.publish(manifestFor(papers.length, options.search), options.keep ?? 3);
}

/** The k labels with the highest dot product: the exact answer HNSW is measured against. */
export function exactTopK(
  query: Float32Array,
  vectors: ReadonlyArray<{ label: number; vector: Float32Array }>,
  k: number,
): number[] {
  return vectors
    .map(({ label, vector }) => ({ label, score: dot(query, vector) }))
    .sort((a, b) => b.score - a.score || a.label - b.label)
    .slice(0, k)
    .map((n) => n.label);
}
