import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { PRESETS, TINY_MODEL_ID } from '../modelgen/presets.js';
import type { KillReport } from '../kill-test/kill-test.js';
import { intInRange } from '../../src/cli/options.js';

interface KillTestFlags {
  kills: number;
  seed: number;
  copies: number;
  batch: number;
  sample: string;
  modelsDir: string;
  work?: string;
  keep?: boolean;
  report?: string;
}

/**
 * `paper-search kill-test` (`npm run test:kill`): SIGKILLs the real ingest at seeded random
 * moments and checks after each kill that the published index is untouched and that a
 * re-run publishes exactly what an uninterrupted run does. Uses the generated tiny BERT, so
 * embedding takes long enough to be interrupted; by default the one the test suite
 * generates (made there when missing). Exits 1 on any failure.
 */
export function registerKillTest(program: Command): void {
  program
    .command('kill-test')
    .description(
      'SIGKILL ingest at seeded random moments; check the published index is untouched and ' +
        'that a re-run equals an uninterrupted run',
    )
    .option('--kills <n>', 'how many kills', intInRange(1, 10_000), 12)
    .option('--seed <n>', 'seed of the kill moments', intInRange(1, 2 ** 31 - 1), 7)
    .option('--copies <n>', 'copies of the sample to ingest', intInRange(1, 100), 3)
    .option('--batch <n>', 'embedding batch size', intInRange(1, 1024), 8)
    .option('--sample <file>', 'corpus to ingest', 'data/sample/papers.jsonl')
    .option(
      '--models-dir <dir>',
      'where the tiny test model is (made when missing)',
      'test/.artifacts/models',
    )
    .option('--work <dir>', 'working folder (default: a new temporary one)')
    .option('--keep', 'keep the working folder')
    .option('--report <file>', 'also write the full report as JSON')
    .action(killTest);
}

/** The model generator and the test need development dependencies: imported when run. */
async function killTest(flags: KillTestFlags): Promise<void> {
  const { generateModel, isModelCurrent, modelDir } = await import('../modelgen/generate.js');
  const { runKillTest } = await import('../kill-test/kill-test.js');
  const { modelsDir, sample } = flags;
  if (!(await isModelCurrent(modelDir(modelsDir, TINY_MODEL_ID), PRESETS.tiny, sample))) {
    console.log(`generating the tiny test model under ${modelsDir}`);
    await generateModel({
      preset: PRESETS.tiny,
      root: modelsDir,
      id: TINY_MODEL_ID,
      corpus: sample,
    });
  }
  const workDir = flags.work ?? (await mkdtemp(join(tmpdir(), 'paper-search-kill-')));
  try {
    const report = await runKillTest({
      workDir,
      sample,
      copies: flags.copies,
      model: { modelsDir, id: TINY_MODEL_ID },
      kills: flags.kills,
      seed: flags.seed,
      batch: flags.batch,
      tolerance: 1e-6,
      log: (line) => console.log(line),
    });
    console.log(summarize(report));
    if (flags.report) await writeFile(flags.report, `${JSON.stringify(report, null, 2)}\n`);
    if (!report.passed) process.exitCode = 1;
  } finally {
    if (!flags.keep) await rm(workDir, { recursive: true, force: true });
  }
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
