import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { SAMPLE_SIZE } from '../helpers/ingest.js';
import { buildTestIndex, type TestIndex } from '../search/test-index.js';

let index: TestIndex;
let judgments: string;

beforeAll(async () => {
  index = await buildTestIndex({ embedder: 'lexical' });
  const byTitle = (pattern: RegExp) => index.papers.find((p) => pattern.test(p.title))!.id;
  judgments = join(index.root, '..', 'judgments.jsonl');
  const cases = [
    {
      kind: 'query',
      id: 'q1',
      wording: 'field',
      query: 'Hopfield networks',
      relevant: { [byTitle(/^Hopfield/)]: 2 },
    },
    {
      kind: 'related',
      id: 'r1',
      paper: byTitle(/^HAWQ:/),
      relevant: { [byTitle(/^HAWQ-V2/)]: 2 },
    },
  ];
  await writeFile(judgments, cases.map((c) => JSON.stringify(c)).join('\n'));
});

afterAll(() => index?.cleanup());

describe('paper-search eval', () => {
  it('prints a table per mode for query, related and all cases', () => {
    const result = runCli(['eval', '--index', index.root, '--judgments', judgments]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const mode of ['semantic', 'lexical', 'hybrid']) {
      expect(result.stdout).toMatch(new RegExp(`^mode: ${mode}`, 'm'));
    }
    expect(result.stdout).toMatch(/^cases\s+n\s+nDCG@10\s+recall@10\s+recall@50\s+MRR$/m);
    expect(result.stdout).toMatch(/^query\s+1\s+[01]\.\d{3}/m);
    expect(result.stdout).toMatch(/^ {2}field\s+1\s+[01]\.\d{3}/m);
    expect(result.stdout).toMatch(/^related\s+1\s+[01]\.\d{3}/m);
    expect(result.stdout).toMatch(/^overall\s+2\s+[01]\.\d{3}/m);
  });

  it('prints JSON for one mode with --json --mode', () => {
    const result = runCli([
      'eval',
      '--index',
      index.root,
      '--judgments',
      judgments,
      '--mode',
      'lexical',
      '--json',
    ]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.modes.map((m: { mode: string }) => m.mode)).toEqual(['lexical']);
    const [lexical] = report.modes;
    expect(lexical.overall.cases).toBe(2);
    // Both cases name their paper outright: BM25 puts it first.
    expect(lexical.query).toMatchObject({ mrr: 1, recall10: 1, cases: 1 });
    expect(lexical.related).toMatchObject({ mrr: 1, recall10: 1, cases: 1 });
    // The JSON keeps every case's scores, and the groups are their means.
    expect(lexical.cases.map((c: { id: string; mrr: number }) => [c.id, c.mrr])).toEqual([
      ['q1', 1],
      ['r1', 1],
    ]);
    expect(lexical.overall).toMatchObject({ mrr: 1, recall10: 1, recall50: 1, cases: 2 });
  });

  it('writes every mode and fusion method to a results file and its JSON twin with --out', async () => {
    const out = join(index.root, '..', 'results', 'quality.md');
    const result = runCli(['eval', '--index', index.root, '--judgments', judgments, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const markdown = await readFile(out, 'utf8');
    const json = JSON.parse(await readFile(out.replace(/\.md$/, '.json'), 'utf8'));
    const sha256 = createHash('sha256')
      .update(await readFile(judgments))
      .digest('hex');
    expect(json.parameters.judgments).toMatchObject({ sha256, queries: 1, related: 1 });
    expect(json.parameters.index).toMatchObject({ version: 'v000001', papers: SAMPLE_SIZE });
    expect(json.parameters.index.embedder).toMatch(/^lexical:/);
    expect(markdown).toContain(`"sha256":"${sha256}"`);
    expect(markdown).toMatch(/^Regenerate: `paper-search eval .*--out .*quality\.md`\.$/m);
    expect(markdown).toMatch(/^Machine: \d+ cores/m);
    const modes = json.data.reports.map((r: { mode: string; fusion: string | null }) =>
      [r.mode, r.fusion].join(' '),
    );
    expect(modes).toEqual([
      'semantic ',
      'lexical ',
      'hybrid absolute',
      'hybrid blend',
      'hybrid rrf',
    ]);
    // Both cases name their paper outright: BM25 puts it first.
    expect(markdown).toMatch(/^\| lexical \(BM25\) \| 1\.000 \/ [01]\.\d{3} \/ /m);
    expect(markdown).toMatch(/^\| mode \| the field's terms \(1 queries\) \|$/m);
    expect(markdown).toContain('## Paired differences in nDCG@10 over all cases');
  });

  it('refuses --out with a mode or fusion of its own, and a results file not ending .md', () => {
    const out = join(index.root, '..', 'x.md');
    const withMode = runCli(['eval', '--judgments', judgments, '--out', out, '--mode', 'lexical']);
    expect(withMode.status).toBe(1);
    expect(withMode.stderr).toMatch(/--out scores every mode and fusion method; drop --mode/);
    const notMarkdown = runCli(['eval', '--judgments', judgments, '--out', 'x.txt']);
    expect(notMarkdown.status).not.toBe(0);
    expect(notMarkdown.stderr).toMatch(/expected a \.md file, got "x\.txt"/);
  });

  it('refuses judgments naming papers the index lacks, and bad judgments', async () => {
    const unknown = join(index.root, '..', 'unknown.jsonl');
    await writeFile(unknown, '{"kind":"query","id":"q","query":"x","relevant":{"no-such":1}}\n');
    const missing = runCli(['eval', '--index', index.root, '--judgments', unknown]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(
      /unknown\.jsonl names papers the index does not hold: no-such$/m,
    );

    const bad = join(index.root, '..', 'bad.jsonl');
    await writeFile(bad, '{"kind":"query","id":"q"}\n');
    const invalid = runCli(['eval', '--index', index.root, '--judgments', bad]);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(/bad\.jsonl:1: /);
  });
});
