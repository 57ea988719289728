import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GRAPH_FILE } from '../../../src/index/embedded/version-files.js';
import { formatCount } from '../datasets.js';
import { WORK_DIR } from '../project-root.js';
import { CORPUS_SEED, ensureCorpus, spreadSample } from '../scale/corpus-files.js';
import type { IngestRun, RecallRun } from '../scale/measurements.js';
import { ingestInChild, recallInChild } from '../scale/size-run.js';
import { buildWorkload } from '../scale/workload.js';

/** Where the product's build inserts into its graph. */
export const GRAPH_MODES = [
  { name: 'worker thread', graphOnWorker: true },
  { name: 'calling thread', graphOnWorker: false },
] as const;
export type GraphMode = (typeof GRAPH_MODES)[number]['name'];

export interface IngestModeRun {
  papers: number;
  mode: GraphMode;
  run: number;
  ingest: IngestRun;
}

/** The published graph of a mode's last build: its file's digest and what it answers. */
export interface PublishedGraph {
  papers: number;
  mode: GraphMode;
  graphSha256: string;
  recall: RecallRun;
}

export interface IngestComparison {
  runs: IngestModeRun[];
  graphs: PublishedGraph[];
}

/**
 * The whole ingest of the scale benchmark's synthetic corpus of `size` papers (lexical
 * embedder, default settings), `runs` times in each graph mode, the modes alternating so a
 * change in the machine's load falls on both; then each mode's published graph is compared.
 */
export async function compareIngestModes(
  size: number,
  runs: number,
  recallQueries: number,
  log: (line: string) => void,
): Promise<IngestComparison> {
  const corpus = await ensureCorpus(size, log);
  const rootOf = (graphOnWorker: boolean) =>
    join(WORK_DIR, 'build-threads', `ingest-${size}-${graphOnWorker ? 'worker' : 'inline'}`);
  const out: IngestComparison = { runs: [], graphs: [] };
  for (let run = 1; run <= runs; run++) {
    for (const mode of GRAPH_MODES) {
      log(`${formatCount(size)} papers: ingest with the graph on the ${mode.name} (run ${run})`);
      const root = rootOf(mode.graphOnWorker);
      await rm(root, { recursive: true, force: true });
      const ingest = await ingestInChild(root, corpus, false, {
        embedder: 'lexical',
        graphOnWorker: mode.graphOnWorker,
      });
      out.runs.push({ papers: size, mode: mode.name, run, ingest });
    }
  }
  const workload = buildWorkload(await spreadSample(corpus, size, recallQueries), CORPUS_SEED);
  for (const mode of GRAPH_MODES) {
    log(`${formatCount(size)} papers: recall@10 of the graph built on the ${mode.name}`);
    const root = rootOf(mode.graphOnWorker);
    const last = out.runs.filter((r) => r.mode === mode.name).at(-1);
    if (!last) throw new Error(`no ingest ran with the graph on the ${mode.name}`);
    out.graphs.push({
      papers: size,
      mode: mode.name,
      graphSha256: await sha256(join(root, last.ingest.version, GRAPH_FILE)),
      recall: await recallInChild(root, workload),
    });
    await rm(root, { recursive: true, force: true });
  }
  return out;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
