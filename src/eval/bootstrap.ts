import { mulberry32 } from '../util/prng.js';
import { mean } from './metrics.js';

export interface PairedDifference {
  /** Mean of a - b over the cases. */
  difference: number;
  /** Percentile bounds of the mean difference over resampled case sets. */
  low: number;
  high: number;
}

export interface BootstrapSettings {
  resamples: number;
  /** Two-sided coverage, e.g. 0.95. */
  confidence: number;
  seed: number;
}

export const DEFAULT_BOOTSTRAP: BootstrapSettings = {
  resamples: 10_000,
  confidence: 0.95,
  seed: 1,
};

/**
 * Paired percentile bootstrap of the mean difference between two methods scored on the same
 * cases: cases are drawn with replacement and both methods keep their scores on each drawn
 * case, so what the cases share (an easy query is easy for both) cancels out. Seeded, so a
 * results file regenerates to the same interval.
 */
export function pairedBootstrap(
  a: readonly number[],
  b: readonly number[],
  settings: BootstrapSettings = DEFAULT_BOOTSTRAP,
): PairedDifference {
  if (a.length !== b.length || a.length === 0) {
    throw new RangeError(`paired scores need equal, non-zero lengths (${a.length}, ${b.length})`);
  }
  const differences = a.map((value, i) => value - b[i]);
  const random = mulberry32(settings.seed);
  const means = new Float64Array(settings.resamples);
  for (let r = 0; r < settings.resamples; r++) {
    let sum = 0;
    for (let i = 0; i < differences.length; i++) {
      sum += differences[Math.floor(random() * differences.length)];
    }
    means[r] = sum / differences.length;
  }
  means.sort();
  const tail = (1 - settings.confidence) / 2;
  const at = (q: number) => means[Math.min(means.length - 1, Math.floor(q * means.length))];
  return { difference: mean(differences), low: at(tail), high: at(1 - tail) };
}

/** Percentile bootstrap interval of a mean over cases: the paired difference against zero. */
export function bootstrapMean(
  values: readonly number[],
  settings: BootstrapSettings = DEFAULT_BOOTSTRAP,
): PairedDifference {
  return pairedBootstrap(values, new Array<number>(values.length).fill(0), settings);
}
