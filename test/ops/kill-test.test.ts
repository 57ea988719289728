import { afterAll, describe, expect, inject, it } from 'vitest';
import { runKillTest } from '../../src/ops/kill-test.js';
import { SAMPLE } from '../helpers/ingest.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('crash safety (a small kill test; npm run test:kill runs the full one)', async () => {
  const tmp = await makeTempDir('paper-search-kill-');
  afterAll(() => tmp.cleanup());

  it('after SIGKILL the published index is untouched, and a re-run equals an uninterrupted run', async () => {
    const report = await runKillTest({
      workDir: tmp.dir,
      sample: SAMPLE,
      copies: 1,
      model: { modelsDir: inject('tinyModelRoot'), id: inject('tinyModelId') },
      kills: 3,
      seed: 11,
      batch: 8,
      tolerance: 1e-6,
      log: () => {},
    });
    for (const trial of report.trials) expect(trial.problems, `kill ${trial.trial}`).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.trials.filter((t) => t.outcome === 'killed').length).toBeGreaterThan(0);
  }, 240_000);
});
