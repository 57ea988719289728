import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateModel, isModelCurrent, modelDir } from '../modelgen/generate.js';
import { PRESETS, TINY_MODEL_ID } from '../modelgen/presets.js';
import { runKillTest, type KillReport } from '../ops/kill-test.js';

const USAGE =
  'usage: kill-test [--kills N] [--seed N] [--copies N] [--batch N] [--sample FILE.jsonl] ' +
  '[--models-dir DIR] [--work DIR] [--keep] [--report FILE.json]';

/**
 * `npm run test:kill`: SIGKILLs the real ingest at seeded random moments and checks after
 * each kill that the published index is untouched and that a re-run publishes exactly what
 * an uninterrupted run does. Uses the generated tiny BERT, so embedding takes long enough to
 * be interrupted; by default the one the test suite generates (made there when missing).
 * Exits 1 on any failure.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kills: { type: 'string', default: '12' },
      seed: { type: 'string', default: '7' },
      copies: { type: 'string', default: '3' },
      batch: { type: 'string', default: '8' },
      sample: { type: 'string', default: 'data/sample/papers.jsonl' },
      'models-dir': { type: 'string', default: 'test/.artifacts/models' },
      work: { type: 'string' },
      keep: { type: 'boolean', default: false },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const modelsDir = values['models-dir'];
  if (!(await isModelCurrent(modelDir(modelsDir, TINY_MODEL_ID), PRESETS.tiny, values.sample))) {
    console.log(`generating the tiny test model under ${modelsDir}`);
    await generateModel({
      preset: PRESETS.tiny,
      root: modelsDir,
      id: TINY_MODEL_ID,
      corpus: values.sample,
    });
  }
  const workDir = values.work ?? (await mkdtemp(join(tmpdir(), 'paper-search-kill-')));
  try {
    const report = await runKillTest({
      workDir,
      sample: values.sample,
      copies: positive(values.copies, 'copies'),
      model: { modelsDir, id: TINY_MODEL_ID },
      kills: positive(values.kills, 'kills'),
      seed: positive(values.seed, 'seed'),
      batch: positive(values.batch, 'batch'),
      tolerance: 1e-6,
      log: (line) => console.log(line),
    });
    console.log(summarize(report));
    if (values.report) await writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`);
    if (!report.passed) process.exitCode = 1;
  } finally {
    if (!values.keep) await rm(workDir, { recursive: true, force: true });
  }
}

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

function summarize(report: KillReport): string {
  const killed = report.trials.filter((t) => t.outcome === 'killed');
  const resumed = killed.filter((t) => t.reused > 0).length;
  return [
    '',
    `${report.trials.length} kills over a ${report.referenceSeconds.toFixed(1)} s ingest of ${report.papers} papers: ` +
      `${killed.length} hit the running job, ${report.trials.length - killed.length} came after it finished`,
    `published index untouched after every kill: ${killed.every((t) => t.publishedUntouched)}`,
    `re-runs equal to the uninterrupted run: ${report.trials.filter((t) => t.sameAsReference).length}/${report.trials.length}` +
      ` (${resumed} resumed from checkpoints)`,
    report.passed ? 'PASSED' : 'FAILED',
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) console.error(USAGE);
  process.exitCode = 1;
});
