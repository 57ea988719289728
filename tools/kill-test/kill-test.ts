import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/util/project-root.js';
import { fromPaperRecord, type PaperRecord } from '../../src/corpus/paper.js';
import { listBuilding, resolvePublished } from '../../src/index/embedded/index-root.js';
import { CHECKPOINTS_FILE } from '../../src/index/embedded/sqlite-checkpoints.js';
import { mulberry32 } from '../../src/util/prng.js';
import {
  compareContent,
  readIndexContent,
  snapshotPublished,
  type IndexContent,
  type PublishedSnapshot,
} from './index-content.js';

/** How often a kill waiting for the first checkpoint looks at the checkpoint file. */
const CHECKPOINT_POLL_MS = 10;

/** The product's built CLI, which the test kills. */
const CLI = join(PROJECT_ROOT, 'dist', 'cli', 'main.js');

export interface KillTestOptions {
  /** Scratch directory; emptied first. */
  workDir: string;
  /** Papers to build corpora from (JSON Lines). */
  sample: string;
  /** The corpus ingested is the sample this many times over (distinct ids and titles). */
  copies: number;
  model: { modelsDir: string; id: string };
  kills: number;
  seed: number;
  /** Embedding batch size: smaller batches make more, shorter steps to interrupt. */
  batch: number;
  /** Largest per-component difference allowed between vectors of equal papers. */
  tolerance: number;
  log: (line: string) => void;
}

export interface KillTrial {
  trial: number;
  /** A full build, or an update of the published version in place. */
  mode: 'full' | 'update';
  /** When SIGKILL was sent: a seeded moment (ms after start), or once a window was checkpointed. */
  killAt: number | 'first checkpoint';
  /** Whether SIGKILL hit the job, or it had already finished (then it must have published in full). */
  outcome: 'killed' | 'finished first';
  /** Build directories the killed job left (its checkpoints). */
  leftBuilding: number;
  /** (a) CURRENT and every file of the published version unchanged by the kill. */
  publishedUntouched: boolean;
  /** Embeddings the killed job had checkpointed (committed windows). */
  checkpointed: number;
  /** Embeddings the re-run reused from the killed job's checkpoints, and embedded itself. */
  reused: number;
  embedded: number;
  /** (b) The re-run's index equals the uninterrupted reference. */
  sameAsReference: boolean;
  problems: string[];
}

export interface KillReport {
  papers: number;
  referenceSeconds: number;
  trials: KillTrial[];
  passed: boolean;
}

/**
 * The crash-safety test: ingest (the real CLI, the transformer embedder) is SIGKILLed at
 * seeded random moments over the length of an uninterrupted run. After each kill the
 * published version must be exactly as before, and a re-run must complete and publish the
 * same content as the uninterrupted reference run: ids, labels, content hashes, vectors
 * (within the tolerance) and corpus checksum, compared through the stores.
 */
export async function runKillTest(options: KillTestOptions): Promise<KillReport> {
  const { workDir, log } = options;
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const { corpus, base, papers } = await writeCorpora(options.sample, options.copies, workDir);

  // Every trial starts from the same published version: a draft corpus sharing no content.
  const template = join(workDir, 'template');
  await ingestToEnd(options, base, template);
  log(`published the starting version (${base}), ${papers} papers to ingest per run`);

  const referenceRoot = join(workDir, 'reference');
  await cp(template, referenceRoot, { recursive: true });
  const started = performance.now();
  await ingestToEnd(options, corpus, referenceRoot);
  const referenceMs = performance.now() - started;
  const reference = await readIndexContent(referenceRoot);
  log(`reference run: ${(referenceMs / 1000).toFixed(1)} s`);

  const random = mulberry32(options.seed);
  // Seeded moments over the whole run, then one kill of each mode as soon as the first window
  // is checkpointed: a kill that must be resumed from, whatever the timings of the machine.
  const plan: Array<{ mode: KillTrial['mode']; killAt: KillTrial['killAt'] }> = [
    ...Array.from({ length: options.kills }, (_, i) => ({
      mode: i % 2 === 0 ? ('full' as const) : ('update' as const),
      killAt: Math.round(random() * referenceMs),
    })),
    { mode: 'full', killAt: 'first checkpoint' },
    { mode: 'update', killAt: 'first checkpoint' },
  ];
  const trials: KillTrial[] = [];
  for (const [i, { mode, killAt }] of plan.entries()) {
    const trial = i + 1;
    const root = join(workDir, `trial-${trial}`);
    await cp(template, root, { recursive: true });
    const result = await killTrial({ ...options, mode, papers }, corpus, root, killAt, reference);
    trials.push({ trial, mode, killAt, ...result });
    const when = killAt === 'first checkpoint' ? killAt : `${killAt} ms`;
    log(
      `kill ${trial} (${mode}): at ${when}, ${result.outcome}; published untouched: ` +
        `${result.publishedUntouched}; checkpointed ${result.checkpointed}; ` +
        `re-run reused ${result.reused}, embedded ${result.embedded}; ` +
        `same as reference: ${result.sameAsReference}${result.problems.length ? ` (${result.problems.join('; ')})` : ''}`,
    );
    await rm(root, { recursive: true, force: true });
  }
  const passed = trials.every((t) => t.problems.length === 0);
  return { papers, referenceSeconds: referenceMs / 1000, trials, passed };
}

type TrialOptions = KillTestOptions & { mode: 'full' | 'update'; papers: number };

async function killTrial(
  options: TrialOptions,
  corpus: string,
  root: string,
  killAt: KillTrial['killAt'],
  reference: IndexContent,
): Promise<Omit<KillTrial, 'trial' | 'mode' | 'killAt'>> {
  const problems: string[] = [];
  const before = await snapshotPublished(root);
  const checkpointsBefore = checkpointCount(root);
  const child = spawnIngest(options, corpus, root);
  const kill = () => child.process.kill('SIGKILL');
  const timer =
    killAt === 'first checkpoint'
      ? setInterval(() => {
          if (checkpointCount(root) > checkpointsBefore) kill();
        }, CHECKPOINT_POLL_MS)
      : setTimeout(kill, killAt);
  const exit = await child.exit;
  clearInterval(timer);
  const outcome = exit.signal === 'SIGKILL' ? 'killed' : 'finished first';
  if (outcome === 'finished first' && exit.code !== 0)
    problems.push(`ingest failed: ${exit.stderr}`);
  const leftBuilding = (await listBuilding(root)).length;

  let publishedUntouched = true;
  if (outcome === 'killed') {
    const after = await snapshotPublished(root);
    publishedUntouched = sameSnapshot(before, after);
    if (!publishedUntouched) problems.push('the kill changed the published version');
  } else {
    // Finished before the kill: it must have published completely, never half.
    const published = compareContent(await readIndexContent(root), reference, options.tolerance);
    problems.push(...published.map((p) => `finished run: ${p}`));
  }

  const checkpointed = outcome === 'killed' ? checkpointCount(root) - checkpointsBefore : 0;
  const rerun = await ingestToEnd(options, corpus, root);
  const counts = /embedded (\d+), reused (\d+)/.exec(rerun) ?? ['', 'NaN', 'NaN'];
  const [embedded, reused] = [Number(counts[1]), Number(counts[2])];
  if (outcome === 'killed')
    problems.push(...resumeProblems(options.papers, checkpointed, embedded, reused));
  const differences = compareContent(await readIndexContent(root), reference, options.tolerance);
  problems.push(...differences);
  if ((await listBuilding(root)).length > 0) problems.push('the re-run left build directories');
  if (!(await resolvePublished(root))) problems.push('nothing published after the re-run');
  return {
    outcome,
    leftBuilding,
    publishedUntouched,
    checkpointed,
    reused,
    embedded,
    sameAsReference: differences.length === 0,
    problems,
  };
}

/**
 * A re-run after a kill must resume: every embedding the killed job checkpointed is reused,
 * only the rest is embedded, and between them they cover every paper.
 */
function resumeProblems(
  papers: number,
  checkpointed: number,
  embedded: number,
  reused: number,
): string[] {
  const problems: string[] = [];
  if (reused < checkpointed)
    problems.push(
      `re-run reused ${reused} of the ${checkpointed} embeddings the killed job checkpointed`,
    );
  if (embedded + reused !== papers)
    problems.push(`re-run embedded ${embedded} and reused ${reused}, expected ${papers} together`);
  return problems;
}

/** Embeddings in the root's checkpoint file (0 before the first build wrote one). */
function checkpointCount(root: string): number {
  const file = join(root, CHECKPOINTS_FILE);
  if (!existsSync(file)) return 0;
  // Writable, so a WAL the killed job left is recovered before counting.
  const db = new Database(file);
  try {
    return (db.prepare('SELECT count(*) AS n FROM embeddings').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function sameSnapshot(a: PublishedSnapshot, b: PublishedSnapshot): boolean {
  return a.current === b.current && JSON.stringify(a.files) === JSON.stringify(b.files);
}

interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function spawnIngest(
  options: KillTestOptions & { mode?: 'full' | 'update' },
  corpus: string,
  root: string,
) {
  const args = [
    CLI,
    'ingest',
    '--input',
    corpus,
    '--index',
    root,
    '--embedder',
    'transformer',
    '--models-dir',
    options.model.modelsDir,
    '--model',
    options.model.id,
    '--batch',
    String(options.batch),
    '--threads',
    '1',
    // An HNSW graph, so the kill can also land while the graph is built and saved.
    '--exact-below',
    '0',
    ...(options.mode === 'update' ? ['--update'] : []),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exit = new Promise<ChildExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { process: child, exit };
}

/** Runs ingest to completion; returns its summary (stdout). */
async function ingestToEnd(
  options: KillTestOptions,
  corpus: string,
  root: string,
): Promise<string> {
  const exit = await spawnIngest(options, corpus, root).exit;
  if (exit.code !== 0)
    throw new Error(`ingest into ${root} failed (${exit.code ?? exit.signal}): ${exit.stderr}`);
  return exit.stdout;
}

/**
 * The corpus (the sample `copies` times, each copy with its own ids and titles, so every
 * paper needs its own embedding) and the starting corpus (drafts of the first papers).
 */
async function writeCorpora(sample: string, copies: number, dir: string) {
  const papers = (await readFile(sample, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => fromPaperRecord(JSON.parse(line) as PaperRecord));
  const all = Array.from({ length: copies }, (_, c) =>
    papers.map((p) =>
      c === 0 ? p : { ...p, id: `${p.id}-copy${c}`, title: `${p.title} (copy ${c})` },
    ),
  ).flat();
  const drafts = papers.slice(0, 40).map((p) => ({ ...p, abstract: `Draft. ${p.abstract}` }));
  const corpus = join(dir, 'corpus.jsonl');
  const base = join(dir, 'drafts.jsonl');
  await writeFile(corpus, all.map((p) => JSON.stringify(p)).join('\n'));
  await writeFile(base, drafts.map((p) => JSON.stringify(p)).join('\n'));
  return { corpus, base, papers: all.length };
}
