import { formatCount } from '../datasets.js';
import type { Figure } from '../../../src/results/report.js';
import type { CostSeries } from './tables.js';

/**
 * Costs against corpus size on log-log axes, each relative to its value at the smallest size,
 * with the linear and flat references: a line steeper than "linear" grows faster than the
 * corpus. Plain SVG, so it renders on any repository page without a charting library.
 */
const WIDTH = 860;
const HEIGHT = 460;
const PLOT = { left: 70, top: 40, right: 560, bottom: 400 };
const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#393b79',
  '#637939',
];

/** The chart of `series` over `sizes`; null when fewer than two sizes were measured. */
export function growthChart(
  sizes: readonly number[],
  series: readonly CostSeries[],
): Figure | null {
  if (sizes.length < 2) return null;
  const lines = series.flatMap(({ metric, values }) => {
    const first = values[0];
    if (first === null || !(first > 0)) return [];
    const points = sizes.flatMap((size, i) => {
      const value = values[i];
      return value !== null && value > 0
        ? [{ x: Math.log10(size), y: Math.log10(value / first) }]
        : [];
    });
    return points.length >= 2 ? [{ metric, points }] : [];
  });
  const [x0, x1] = [Math.log10(sizes[0]), Math.log10(sizes[sizes.length - 1])];
  const ys = [0, x1 - x0, ...lines.flatMap((l) => l.points.map((p) => p.y))];
  const [y0, y1] = [Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys))];
  const px = (x: number) => PLOT.left + ((x - x0) / (x1 - x0)) * (PLOT.right - PLOT.left);
  const py = (y: number) =>
    PLOT.bottom - ((y - y0) / Math.max(1, y1 - y0)) * (PLOT.bottom - PLOT.top);
  const path = (points: Array<{ x: number; y: number }>) =>
    points.map((p, i) => `${i ? 'L' : 'M'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${PLOT.left}" y="22" font-size="14">Cost relative to ${formatCount(sizes[0])} papers (log-log)</text>`,
  ];
  for (let y = y0; y <= y1; y++) {
    out.push(
      `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/>`,
      `<text x="${PLOT.left - 8}" y="${py(y) + 4}" text-anchor="end">×${formatRatio(10 ** y)}</text>`,
    );
  }
  for (const size of sizes) {
    const x = px(Math.log10(size));
    out.push(
      `<line x1="${x}" x2="${x}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="#ddd"/>`,
      `<text x="${x}" y="${PLOT.bottom + 18}" text-anchor="middle">${formatCount(size)}</text>`,
    );
  }
  out.push(
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 38}" text-anchor="middle">papers</text>`,
  );
  for (const [slope, label] of [
    [1, 'linear'],
    [0, 'flat'],
  ] as const) {
    const end = { x: x1, y: slope * (x1 - x0) };
    out.push(
      `<path d="${path([{ x: x0, y: 0 }, end])}" fill="none" stroke="#999" stroke-dasharray="5,4"/>`,
      `<text x="${px(end.x) - 4}" y="${py(end.y) - 6}" text-anchor="end" fill="#777">${label}</text>`,
    );
  }
  lines.forEach(({ metric, points }, i) => {
    const colour = PALETTE[i % PALETTE.length];
    out.push(`<path d="${path(points)}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const p of points) {
      out.push(
        `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="${colour}"/>`,
      );
    }
    const y = PLOT.top + 8 + i * 18;
    out.push(
      `<line x1="${PLOT.right + 20}" x2="${PLOT.right + 44}" y1="${y}" y2="${y}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${PLOT.right + 50}" y="${y + 4}">${escapeXml(metric)}</text>`,
    );
  });
  out.push('</svg>', '');
  return { title: 'Growth of each cost with corpus size', svg: out.join('\n') };
}

function formatRatio(value: number): string {
  return value >= 1 ? String(Math.round(value)) : String(Number(value.toPrecision(1)));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
