import { readJudgedSet } from '../../src/eval/quality.js';
import {
  scoreStrategies,
  strategyOutcome,
  STRATEGIES_NAME,
  STRATEGIES_TITLE,
} from '../../src/eval/strategy-quality.js';
import { SAMPLE_JUDGMENTS } from './quality.js';
import type { Benchmark } from './runner.js';
import { SAMPLE_INDEX_NOTE, withLexicalSample } from './sample-index.js';

/**
 * Recommendation strategies compared on the sample: libraries made from the judged related
 * cases, each strategy alone and fused as served, on the lexical-embedder index of the sample.
 */
export const recommendStrategiesBenchmark: Benchmark = {
  name: STRATEGIES_NAME,
  title: STRATEGIES_TITLE,
  async run(_options, log) {
    const judged = await readJudgedSet(SAMPLE_JUDGMENTS);
    return withLexicalSample(log, async (open) => {
      const loaded = await open();
      try {
        log('scoring every strategy on every library case');
        const run = await scoreStrategies(judged.judgments, loaded.service);
        const outcome = strategyOutcome(judged, loaded.service.identity.embedder, run);
        outcome.notes.push(SAMPLE_INDEX_NOTE);
        return outcome;
      } finally {
        await loaded.close();
      }
    });
  },
};
