import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { machineInfo } from '../../src/results/machine.js';
import { formatCell, writeResult, type BenchResult } from '../../src/results/report.js';
import { benchResult } from '../tools/bench/bench-result.js';

describe('writeResult', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps quick and tagged runs apart from the full results', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-report-'));
    const names = async (overrides: Partial<BenchResult>) =>
      (await writeResult(benchResult(overrides), dir)).map((f) => basename(f));
    expect(await names({})).toEqual(['vector-search.md', 'vector-search.json']);
    expect(await names({ quick: true })).toEqual([
      'vector-search-quick.md',
      'vector-search-quick.json',
    ]);
    expect(await names({ tag: 'lancedb-100k' })).toEqual([
      'vector-search-lancedb-100k.md',
      'vector-search-lancedb-100k.json',
    ]);
    expect(await names({ quick: true, tag: 'x' })).toEqual([
      'vector-search-quick-x.md',
      'vector-search-quick-x.json',
    ]);
  });

  it('writes the machine, the parameters and each table as markdown', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-report-'));
    const [md, json] = await writeResult(benchResult({}), dir);
    const text = await readFile(md, 'utf8');
    expect(text).toContain('# Vector search');
    expect(text).toContain(`${machineInfo().cores} cores`);
    expect(text).toContain('GLIBC_TUNABLES');
    expect(text).toContain('| hnswlib | 1235 |');
    expect(text).toContain('Regenerate: `npm run bench -- vector-search`.');
    expect(JSON.parse(await readFile(json, 'utf8')).parameters).toEqual({ sizes: [100] });
  });

  it('writes a figure beside the tables and shows it in the markdown, not in the JSON', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-report-'));
    const figure = { title: 'Growth', svg: '<svg xmlns="http://www.w3.org/2000/svg"/>' };
    const files = await writeResult(benchResult({ quick: true, figure }), dir);
    expect(files.map((f) => basename(f))).toEqual([
      'vector-search-quick.md',
      'vector-search-quick.json',
      'vector-search-quick.svg',
    ]);
    expect(await readFile(files[2], 'utf8')).toBe(figure.svg);
    expect(await readFile(files[0], 'utf8')).toContain('![Growth](vector-search-quick.svg)');
    expect(JSON.parse(await readFile(files[1], 'utf8'))).not.toHaveProperty('figure');
  });
});

describe('formatCell', () => {
  it('keeps integers and strings, rounds other numbers, dashes nulls', () => {
    expect(formatCell(42)).toBe('42');
    expect(formatCell('ef=64')).toBe('ef=64');
    expect(formatCell(0.123456)).toBe('0.123');
    expect(formatCell(null)).toBe('–');
  });
});
