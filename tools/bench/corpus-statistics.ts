/**
 * The statistics that say whether a corpus' text looks like real text to a search engine:
 * vocabulary growth (Heaps' law, V = K·n^β over n analysed tokens) and the rank-frequency
 * curve (Zipf's law, f ∝ r^-s), both fitted by least squares in log-log space.
 */
export interface PowerFit {
  /** V = k · n^exponent (Heaps), or f = k · r^-exponent (Zipf). */
  k: number;
  exponent: number;
  /** Coefficient of determination of the log-log fit. */
  r2: number;
}

export interface CorpusStatistics {
  documents: number;
  tokens: number;
  vocabulary: number;
  heaps: PowerFit;
  /** Zipf's exponent over the head of the ranking (ranks 1–1,000) and the tail beyond. */
  zipfHead: PowerFit;
  zipfTail: PowerFit;
  /** Terms in exactly one document: the long tail. */
  hapaxShare: number;
  /** Vocabulary size after n tokens, at geometric steps. */
  growth: Array<{ tokens: number; terms: number }>;
}

const HEAD_RANKS = 1000;

export class CorpusStatisticsCollector {
  private readonly frequency = new Map<string, number>();
  private readonly documentCount = new Map<string, number>();
  private readonly growth: Array<{ tokens: number; terms: number }> = [];
  private tokens = 0;
  private documents = 0;
  private nextCheckpoint = 1000;

  /** One document's analysed terms, in order. */
  add(terms: readonly string[]): void {
    this.documents++;
    const seen = new Set<string>();
    for (const term of terms) {
      this.frequency.set(term, (this.frequency.get(term) ?? 0) + 1);
      if (!seen.has(term)) {
        seen.add(term);
        this.documentCount.set(term, (this.documentCount.get(term) ?? 0) + 1);
      }
      if (++this.tokens >= this.nextCheckpoint) {
        this.growth.push({ tokens: this.tokens, terms: this.frequency.size });
        this.nextCheckpoint = Math.ceil(this.nextCheckpoint * 1.25);
      }
    }
  }

  documentFrequency(term: string): number {
    return this.documentCount.get(term) ?? 0;
  }

  result(): CorpusStatistics {
    const ranked = [...this.frequency.values()].sort((a, b) => b - a);
    const points = (from: number, to: number) =>
      ranked.slice(from, to).map((f, i) => ({ x: Math.log(from + i + 1), y: Math.log(f) }));
    const head = fitLine(points(0, HEAD_RANKS));
    const tail = fitLine(points(HEAD_RANKS, Math.max(HEAD_RANKS + 2, ranked.length)));
    const fitted = this.growth.filter((p) => p.tokens >= 10_000);
    const heaps = fitLine(fitted.map((p) => ({ x: Math.log(p.tokens), y: Math.log(p.terms) })));
    let hapax = 0;
    for (const df of this.documentCount.values()) if (df === 1) hapax++;
    return {
      documents: this.documents,
      tokens: this.tokens,
      vocabulary: this.frequency.size,
      heaps: { k: Math.exp(heaps.intercept), exponent: heaps.slope, r2: heaps.r2 },
      zipfHead: { k: Math.exp(head.intercept), exponent: -head.slope, r2: head.r2 },
      zipfTail: { k: Math.exp(tail.intercept), exponent: -tail.slope, r2: tail.r2 },
      hapaxShare: this.frequency.size ? hapax / this.frequency.size : 0,
      growth: [...this.growth, { tokens: this.tokens, terms: this.frequency.size }],
    };
  }
}

/** Ordinary least squares y = intercept + slope·x, with R². */
export function fitLine(points: ReadonlyArray<{ x: number; y: number }>): {
  slope: number;
  intercept: number;
  r2: number;
} {
  const n = points.length;
  if (n < 2) return { slope: NaN, intercept: NaN, r2: NaN };
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += p.x;
    sy += p.y;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
    syy += (p.y - my) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : 1 };
}
