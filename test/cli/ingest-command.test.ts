import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { SAMPLE, SAMPLE_SIZE } from '../helpers/ingest.js';
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
    expect(result.stdout).toContain(
      `read ${SAMPLE_SIZE}, ingested ${SAMPLE_SIZE}, skipped 0, duplicates 0`,
    );
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

describe('paper-search ingest --map and the silent-loss audit', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());
  const unmapped = fixture('unmapped.jsonl');

  it('prints the audit line when known fields came through empty', () => {
    const args = ['ingest', '--input', unmapped, '--embedder', 'lexical'];
    const result = runCli([...args, '--index', join(tmp.dir, 'audit')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/read 3, ingested 1, skipped missing title: 2/);
    expect(result.stdout).toContain(
      'unmapped.jsonl: authors, categories, url, doi, arxiv_id, venue, keywords empty for 3 of 3 records; ' +
        'title, abstract empty for 2 of 3 records; unmapped fields: name, summary, writers, pages',
    );
  });

  it('reads the mapped fields and validates the mapping', () => {
    const maps = ['title=name', 'abstract=summary', 'authors=writers', 'venue=pages'];
    const mapped = runCli([
      'ingest',
      '--input',
      unmapped,
      '--embedder',
      'lexical',
      '--index',
      join(tmp.dir, 'mapped'),
      ...maps.flatMap((map) => ['--map', map]),
    ]);
    expect(mapped.status).toBe(0);
    expect(mapped.stdout).toMatch(/read 3, ingested 3, skipped 0/);
    expect(mapped.stdout).not.toMatch(/unmapped fields/);
    const unknown = runCli(['ingest', '--input', unmapped, '--map', 'writer=writers']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown field "writer" in "writer=writers": known fields are/);
  });
});
