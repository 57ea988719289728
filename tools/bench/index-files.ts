import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import xxhash from '@node-rs/xxhash';
import type { Paper } from '../../src/corpus/paper.js';
import { readCorpus } from '../../src/corpus/formats.js';
import { embeddedBackend } from '../../src/index/backends.js';
import { openEmbeddedVersion } from '../../src/index/embedded/embedded-version.js';
import { hashFile } from '../../src/index/embedded/file-checksums.js';
import { resolvePublished } from '../../src/index/embedded/index-root.js';
import {
  assertIntact,
  forgetVerified,
  verifyRoot,
} from '../../src/index/embedded/version-checksums.js';
import { readManifest } from '../../src/index/embedded/version-files.js';
import { DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import { runIngest } from '../../src/ingest/ingest-job.js';
import { createLogger } from '../../src/logger.js';
import { loadIndex } from '../../src/serving/index-loader.js';
import type { Cell } from '../../src/results/report.js';
import { MODELS_DIR, SAMPLE_CORPUS } from './bench-model.js';
import { WORK_DIR } from './project-root.js';
import type { Benchmark } from './runner.js';
import { ensureCorpus } from './scale/corpus-files.js';
import { median, round } from './stats.js';
import { ensureDir, makeScratchDir } from './work-files.js';

const MIB = 2 ** 20;
const silent = createLogger('silent');

/**
 * What verifying index files costs: xxh3 throughput, a full `verify` of a synthetic-corpus
 * index, the share of a load spent on its checks; and what the overlay of API writes costs
 * each query as it grows, which sets how many writes are held before they are folded.
 */
export const indexFilesBenchmark: Benchmark = {
  name: 'index-files',
  title: 'Index files: checksums, verification, and the cost of unfolded API writes',
  async run(options, log) {
    const sizes = options.sizes ?? (options.quick ? [5000] : [100_000]);
    const runs = options.runs ?? 3;
    const overlaySizes = options.quick ? [0, 250, 1000] : [0, 100, 250, 500, 1000, 2500, 5000];
    const hashing = await hashThroughput(runs);
    log(`xxh3: ${hashing.memory} GB/s in memory, ${hashing.file} GB/s from a cached file`);
    const verifyRows: Cell[][] = [];
    for (const size of sizes) verifyRows.push(await verifyCosts(size, runs, log));
    const overlay = await overlayCosts(overlaySizes, sizes[0], log);
    return {
      parameters: { sizes, runs, overlaySizes, embedder: 'lexical' },
      tables: [
        {
          title: 'xxh3-64 throughput (GB/s)',
          columns: ['in memory', 'from a cached file'],
          rows: [[hashing.memory, hashing.file]],
        },
        {
          title: 'Verifying a published version',
          columns: [
            'papers',
            'files',
            'version MiB',
            'verify s',
            'verify MB/s',
            'load s',
            'load check s',
            'load check share',
            'check of files verified before s',
          ],
          rows: verifyRows,
        },
        {
          title: 'A query over unfolded API writes (hybrid search, k 10)',
          columns: ['writes held', 'query ms', 'added ms', 'write ms'],
          rows: overlay,
        },
      ],
      notes: [
        'Files are read from the page cache (each measurement follows a read of the same files): the figures are hashing and reading costs, not disk speed.',
        'A load checks every file by size and hashes all but the record store, which SQLite reads on demand; verify hashes everything.',
        `The overlay rows are measured over an index of ${sizes[0]} synthetic papers with papers of the same corpus written through the serving layer.`,
      ],
    };
  },
};

async function hashThroughput(runs: number): Promise<{ memory: number; file: number }> {
  const bytes = 256 * MIB;
  const buffer = Buffer.alloc(bytes, 7);
  const memory = median(
    Array.from({ length: runs }, () => {
      const started = performance.now();
      const hash = xxhash.xxh3.Xxh3.withSeed();
      for (let at = 0; at < bytes; at += 4 * MIB) hash.update(buffer.subarray(at, at + 4 * MIB));
      hash.digest();
      return bytes / 1e9 / ((performance.now() - started) / 1000);
    }),
  );
  const scratch = await makeScratchDir('paper-search-hash-');
  try {
    const file = join(scratch.dir, 'bytes');
    await writeFile(file, buffer);
    await hashFile(file);
    const seconds: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await hashFile(file);
      seconds.push((performance.now() - started) / 1000);
    }
    return { memory: round(memory, 1), file: round(bytes / 1e9 / median(seconds), 2) };
  } finally {
    await scratch.cleanup();
  }
}

/** The synthetic corpus of `size` papers, indexed once with the lexical embedder and reused. */
async function ensureIndex(size: number, log: (line: string) => void): Promise<string> {
  const root = join(await ensureDir(join(WORK_DIR, 'index-files')), String(size));
  if (existsSync(join(root, 'CURRENT'))) return root;
  const corpus = await ensureCorpus(size, log);
  log(`indexing ${size} papers (once; reused by later runs)`);
  await runIngest({
    inputs: [corpus],
    backend: embeddedBackend(root, silent),
    embedder: 'lexical',
    model: { model: 'none', modelsDir: MODELS_DIR, dtype: 'fp32', batchSize: 32, threads: 0 },
    hnsw: DEFAULT_HNSW_PARAMS,
    exactBelow: 0,
    keepVersions: 1,
    strict: false,
    log: silent,
    progress: { start() {}, update() {}, stop() {} },
  });
  return root;
}

async function verifyCosts(
  size: number,
  runs: number,
  log: (line: string) => void,
): Promise<Cell[]> {
  const root = await ensureIndex(size, log);
  const dir = (await resolvePublished(root)) as string;
  const manifest = await readManifest(dir);
  const files = Object.values(manifest.files ?? {});
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  await verifyRoot(root);
  const verify = await timed(runs, () => verifyRoot(root));
  const check = await timed(runs, () => {
    forgetVerified();
    return assertIntact(dir, manifest, 'load');
  });
  // A reload whose version shares files with the one served finds them verified.
  const recheck = await timed(runs, () => assertIntact(dir, manifest, 'load'));
  const load = await timed(runs, async () => {
    forgetVerified();
    const version = await openEmbeddedVersion(dir, { filterScanBelow: 2000 });
    await version.close();
  });
  log(`${size} papers: verify ${verify} s, load ${load} s of which checks ${check} s`);
  return [
    size,
    files.length,
    round(bytes / MIB, 1),
    verify,
    round(bytes / 1e6 / verify, 0),
    load,
    check,
    round(check / load, 3),
    recheck,
  ];
}

/**
 * One query over the index with `n` writes held: each adds to the exact scan of the held
 * vectors and to the scoring of their text, while the version's own search does not grow.
 */
async function overlayCosts(
  sizes: readonly number[],
  indexSize: number,
  log: (line: string) => void,
): Promise<Cell[][]> {
  const root = await ensureIndex(indexSize, log);
  const papers = await writesFrom(SAMPLE_CORPUS, sizes.at(-1) ?? 0);
  const queries = [
    'neural network training',
    'quantum error correction',
    'graph routing',
    'dark matter halos',
  ];
  const rows: Cell[][] = [];
  let baseline = 0;
  for (const n of sizes) {
    const loaded = await loadIndex(
      embeddedBackend(root, silent),
      {
        model: { modelsDir: MODELS_DIR, batchSize: 32, threads: 0 },
        queryBatch: 16,
        filterScanBelow: 2000,
      },
      silent,
    );
    try {
      const live = loaded.live as NonNullable<typeof loaded.live>;
      const writeStarted = performance.now();
      for (let at = 0; at < n; at += 250) {
        const batch = papers
          .slice(at, Math.min(n, at + 250))
          .map((paper) => ({ op: 'upsert' as const, paper }));
        await live.apply(await live.prepare(batch), at + batch.length);
      }
      const writeMs = n > 0 ? (performance.now() - writeStarted) / n : 0;
      for (const q of queries) await loaded.service.search(q, { k: 10 });
      const samples: number[] = [];
      for (let rep = 0; rep < 25; rep++) {
        for (const q of queries) {
          const started = performance.now();
          await loaded.service.search(q, { k: 10 });
          samples.push(performance.now() - started);
        }
      }
      const ms = median(samples);
      if (n === 0) baseline = ms;
      log(`${n} writes held: ${round(ms, 3)} ms a query`);
      rows.push([n, round(ms, 3), round(ms - baseline, 3), round(writeMs, 3)]);
    } finally {
      await loaded.close();
    }
  }
  return rows;
}

/** Distinct papers to write: the sample's, their ids and titles varied to reach `count`. */
async function writesFrom(file: string, count: number): Promise<Paper[]> {
  const sample: Paper[] = [];
  for await (const event of readCorpus([file]))
    if (event.kind === 'paper') sample.push(event.paper);
  return Array.from({ length: count }, (_, i) => {
    const base = sample[i % sample.length];
    return { ...base, id: `written-${i}`, title: `${base.title} (${i})` };
  });
}

async function timed(runs: number, task: () => Promise<unknown>): Promise<number> {
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await task();
    seconds.push((performance.now() - started) / 1000);
  }
  return round(median(seconds), 3);
}
