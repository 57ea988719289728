import { afterAll, describe, expect, inject, it } from 'vitest';
import { runKillTest } from '../../../tools/kill-test/kill-test.js';
import { SAMPLE } from '../../helpers/ingest.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('crash safety (a small kill test; npm run test:kill runs the full one)', async () => {
  const tmp = await makeTempDir('paper-search-kill-');
  afterAll(() => tmp.cleanup());

  it('after SIGKILL the published index is untouched, and a re-run equals an uninterrupted run', async () => {
    const report = await runKillTest({
      workDir: tmp.dir,
      sample: SAMPLE,
      copies: 1,
      model: { modelsDir: inject('tinyModelRoot'), id: inject('tinyModelId') },
      kills: 2,
      seed: 11,
      batch: 8,
      tolerance: 1e-6,
      log: () => {},
    });
    for (const trial of report.trials) expect(trial.problems, `kill ${trial.trial}`).toEqual([]);
    expect(report.passed).toBe(true);
    const killed = report.trials.filter((t) => t.outcome === 'killed');
    expect(killed.length).toBeGreaterThan(0);
    // Both a full build and an update in place were killed.
    expect(new Set(killed.map((t) => t.mode))).toEqual(new Set(['full', 'update']));
    // The kills made once a window was checkpointed, of a full build and of an update, were
    // resumed from: every checkpointed embedding reused, fewer embedded than a cold build.
    const resumed = killed.filter((t) => t.killAt === 'first checkpoint');
    expect(resumed.map((t) => t.mode).sort()).toEqual(['full', 'update']);
    for (const trial of resumed) {
      expect(trial.checkpointed).toBeGreaterThan(0);
      expect(trial.reused).toBeGreaterThanOrEqual(trial.checkpointed);
      expect(trial.embedded).toBeLessThan(report.papers);
    }
  }, 240_000);
});
