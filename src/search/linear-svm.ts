import { mulberry32 } from '../util/prng.js';
import { dot } from '../embed/dot.js';

/**
 * A linear support vector machine, L2-regularised with the squared hinge loss, trained by dual
 * coordinate descent (Hsieh et al., 2008): the solver liblinear uses by default, and so the
 * model arxiv-sanity-lite fits per tag through scikit-learn's LinearSVC. No maintained npm
 * package trains a weighted linear SVM (ml-svm is a kernel SMO, ml-logistic-regression has
 * neither regularisation nor class weights), and the solver is a dozen lines.
 */
export interface SvmSettings {
  /** Inverse regularisation strength. */
  c: number;
  /** Stop when the projected gradient spans less than this. */
  tolerance: number;
  maxEpochs: number;
  /** Seed of the order samples are visited in, so a fit is reproducible. */
  seed: number;
}

/** LinearSVC's settings in arxiv-sanity-lite: C = 0.1, balanced class weights, tol 1e-6. */
export const DEFAULT_SVM: SvmSettings = { c: 0.1, tolerance: 1e-6, maxEpochs: 1000, seed: 1 };

/** The fitted hyperplane: score(x) = weights · x + bias. */
export interface LinearModel {
  weights: Float64Array;
  bias: number;
}

/**
 * Fits positives (+1) against negatives (-1), each class weighted by n / (2 · its size) as
 * scikit-learn's `class_weight='balanced'` does, so three positives count as much as a
 * thousand negatives. The bias is learnt as the weight of a constant feature 1, as liblinear
 * does.
 */
export function trainLinearSvm(
  positive: readonly Float32Array[],
  negative: readonly Float32Array[],
  settings: SvmSettings = DEFAULT_SVM,
): LinearModel {
  if (positive.length === 0 || negative.length === 0) {
    throw new RangeError('a linear model needs positives and negatives');
  }
  const samples = [...positive, ...negative];
  const labels = samples.map((_, i) => (i < positive.length ? 1 : -1));
  const total = samples.length;
  const classC = (label: number) =>
    (settings.c * total) / (2 * (label > 0 ? positive.length : negative.length));
  // The squared hinge's dual: a diagonal 1 / (2 C_i) added, no upper bound on alpha.
  const diagonal = labels.map((label) => 1 / (2 * classC(label)));
  const dims = samples[0].length;
  const weights = new Float64Array(dims + 1);
  const alpha = new Float64Array(total);
  const qii = samples.map((x, i) => dot(x, x) + 1 + diagonal[i]);
  const order = samples.map((_, i) => i);
  const random = mulberry32(settings.seed);
  for (let epoch = 0; epoch < settings.maxEpochs; epoch++) {
    shuffle(order, random);
    let maxGradient = -Infinity;
    let minGradient = Infinity;
    for (const i of order) {
      const x = samples[i];
      const y = labels[i];
      const gradient = y * (dot(x, weights) + weights[dims]) - 1 + diagonal[i] * alpha[i];
      const projected = alpha[i] === 0 ? Math.min(gradient, 0) : gradient;
      maxGradient = Math.max(maxGradient, projected);
      minGradient = Math.min(minGradient, projected);
      if (Math.abs(projected) < 1e-12) continue;
      const before = alpha[i];
      alpha[i] = Math.max(before - gradient / qii[i], 0);
      const step = (alpha[i] - before) * y;
      for (let d = 0; d < dims; d++) weights[d] += step * x[d];
      weights[dims] += step;
    }
    if (maxGradient - minGradient < settings.tolerance) break;
  }
  return { weights: weights.subarray(0, dims), bias: weights[dims] };
}

/** Fisher-Yates, in place. */
function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
