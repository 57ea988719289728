import { describe, expect, it } from 'vitest';
import { growthChart } from '../../../../tools/bench/scale/growth-chart.js';

const SIZES = [10_000, 100_000, 1_000_000];

describe('the growth chart', () => {
  it('draws each cost relative to its first value, with the linear and flat references', () => {
    const figure = growthChart(SIZES, [
      { metric: 'ingest s', values: [5, 50, 500] },
      { metric: 'p50 <ms> & co', values: [2, 2, 2] },
      { metric: 'not at the first size', values: [null, 3, 4] },
    ]);
    if (!figure) throw new Error('no figure');
    const paths = [...figure.svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]);
    // Two references and the two costs that start at the first size.
    expect(paths).toHaveLength(4);
    const [linear, flat, ingest, constant] = paths;
    // A linear cost lies on the linear reference, a constant one on the flat one.
    expect(ingest.split(' ')[0]).toBe(linear.split(' ')[0]);
    expect(ingest.split(' ').at(-1)).toBe(linear.split(' ').at(-1)?.replace('M', 'L'));
    expect(constant.split(' ').at(-1)).toBe(flat.split(' ').at(-1)?.replace('M', 'L'));
    expect(figure.svg).toContain('p50 &lt;ms&gt; &amp; co');
    expect(figure.svg).not.toContain('not at the first size');
    expect(figure.svg.match(/<circle/g)).toHaveLength(6);
  });

  it('needs two sizes', () => {
    expect(growthChart([10_000], [{ metric: 'x', values: [1] }])).toBeNull();
  });
});
