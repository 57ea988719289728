import { join } from 'node:path';
import { evaluateVariants, readJudgedSet } from '../eval/quality.js';
import { QUALITY_NAME, QUALITY_TITLE, qualityOutcome } from '../eval/quality-report.js';
import { PROJECT_ROOT } from './project-root.js';
import type { Benchmark } from './runner.js';
import { SAMPLE_INDEX_NOTE, withLexicalSample } from './sample-index.js';

export const SAMPLE_JUDGMENTS = join(PROJECT_ROOT, 'data', 'sample', 'judgments.jsonl');

/**
 * Search quality on the sample: the sample corpus indexed with the lexical embedder (no model
 * to download, so anyone can reproduce it) in a scratch directory, scored on its judged set
 * in every mode and fusion method. `paper-search eval --out` does the same for any index.
 */
export const qualityBenchmark: Benchmark = {
  name: QUALITY_NAME,
  title: QUALITY_TITLE,
  async run(_options, log) {
    const judged = await readJudgedSet(SAMPLE_JUDGMENTS);
    return withLexicalSample(log, async (open) => {
      const outcome = qualityOutcome(await evaluateVariants(judged, open));
      outcome.notes.push(SAMPLE_INDEX_NOTE);
      return outcome;
    });
  },
};
