import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

describe('paper-search eval --beir', () => {
  const tiny = fileURLToPath(new URL('../fixtures/beir/tiny', import.meta.url));
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'eval-beir-'));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it("builds the collection's index when none is published, then scores every ranking", () => {
    const index = join(scratch, 'index');
    const args = ['eval', '--beir', tiny, '--index', index, '--embedder', 'lexical'];
    const first = runCli([...args, '--json']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ collection: 'tiny', split: 'test', queries: 2 });
    expect(report.embedder).toMatch(/^lexical:/);
    const labels = report.variants.map((v: { label: string }) => v.label);
    expect(labels).toEqual([
      'semantic',
      'lexical',
      'hybrid, fixed equal weights',
      'hybrid (default)',
      'lexical, no expansion',
      'lexical + RM3',
      'lexical + synonyms',
    ]);
    // The default hybrid fuses with the weight the index fitted to the collection at ingest.
    expect(report.fusion).toMatchObject({ method: 'absolute', fitted: true });
    expect(report.fusion.semanticWeight).toBeGreaterThanOrEqual(0);
    expect(report.fusion.semanticWeight).toBeLessThanOrEqual(1);
    // Each query names its relevant document's words outright: BM25 puts one first.
    const lexical = report.variants[1];
    expect(lexical.cases.map((c: { id: string; mrr10: number }) => [c.id, c.mrr10])).toEqual([
      ['q1', 1],
      ['q2', 1],
    ]);
    // The second run finds the index built and prints the table.
    const again = runCli(args);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^ranking\s+nDCG@10\s+R@10\s+R@100\s+MRR@10$/m);
    expect(again.stdout).toMatch(
      /^default hybrid: absolute fusion, semantic weight [\d.]+ \(fitted to the corpus at ingest\)$/m,
    );
    expect(again.stdout).toMatch(/^lexical\s+[01]\.\d{3}\s+1\.000\s+1\.000\s+1\.000$/m);
  });

  it('writes a results file with every ranking and its intervals', async () => {
    const out = join(scratch, 'results', 'tiny.md');
    const index = join(scratch, 'index');
    const result = runCli(['eval', '--beir', tiny, '--index', index, '--out', out]);
    expect(result.status).toBe(0);
    const markdown = await readFile(out, 'utf8');
    expect(markdown).toContain('## nDCG@10 by collection and ranking [95% interval]');
    expect(markdown).toMatch(/^\| tiny \(2\) \| \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] \|/m);
    const json = JSON.parse(await readFile(out.replace(/\.md$/, '.json'), 'utf8'));
    expect(json.parameters.collections[0]).toMatchObject({ name: 'tiny', queries: 2 });
  });

  it('refuses --beir without --index, with --judgments, or with a missing split', () => {
    expect(runCli(['eval', '--beir', tiny]).stderr).toMatch(/--beir needs --index/);
    const both = runCli(['eval', '--beir', tiny, '--judgments', 'x.jsonl', '--index', scratch]);
    expect(both.stderr).toMatch(/give one of --judgments <file> or --beir <dir>/);
    const split = runCli(['eval', '--beir', tiny, '--index', scratch, '--split', 'dev']);
    expect(split.status).toBe(1);
    expect(split.stderr).toMatch(/qrels\/dev\.tsv/);
  });
});
