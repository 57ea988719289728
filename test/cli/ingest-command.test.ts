import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { SAMPLE } from '../helpers/ingest.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const fixture = (name: string) => new URL(`../fixtures/corpus/${name}`, import.meta.url).pathname;

describe('paper-search ingest', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());

  it('indexes the sample and prints a summary', () => {
    const result = runCli([
      'ingest',
      '--input',
      SAMPLE,
      '--index',
      join(tmp.dir, 'ok'),
      '--embedder',
      'lexical',
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/published v000001/);
    expect(result.stdout).toMatch(/read 540, ingested 540, skipped 0, duplicates 0/);
    expect(result.stdout).toMatch(/docs\/s/);
  });

  it('reports skipped records with file and line, and exits non-zero under --strict', () => {
    const args = ['ingest', '--input', fixture('papers.jsonl'), '--embedder', 'lexical'];
    const lenient = runCli([...args, '--index', join(tmp.dir, 'lenient')]);
    expect(lenient.status).toBe(0);
    expect(lenient.stderr).toMatch(/papers\.jsonl:4: invalid JSON/);
    const strict = runCli([...args, '--index', join(tmp.dir, 'strict'), '--strict']);
    expect(strict.status).not.toBe(0);
    expect(strict.stderr).toMatch(/--strict: 4 skipped record/);
  });

  it('fails clearly on a missing input file or a bad flag', () => {
    const missing = runCli([
      'ingest',
      '--input',
      join(tmp.dir, 'none.jsonl'),
      '--index',
      join(tmp.dir, 'x'),
    ]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/none\.jsonl: corpus file not found/);
    const badFlag = runCli(['ingest', '--input', SAMPLE, '--batch', 'lots']);
    expect(badFlag.status).not.toBe(0);
    expect(badFlag.stderr).toMatch(/expected an integer/);
  });
});
