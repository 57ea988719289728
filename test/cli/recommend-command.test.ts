import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBibtex } from '../../src/corpus/bibtex-reader.js';
import { paperRecord } from '../../src/corpus/paper.js';
import { toBibtex } from '../../src/export/bibtex-writer.js';
import { collect, papers } from '../corpus/helpers.js';
import { runCli } from '../helpers/cli.js';
import { buildTestIndex, type TestIndex } from '../search/test-index.js';

let index: TestIndex;
let library: string;

beforeAll(async () => {
  index = await buildTestIndex({ embedder: 'lexical' });
  const mine = index.papers.filter((p) => p.doi).slice(0, 3);
  library = join(index.root, '..', 'mine.bib');
  await writeFile(
    library,
    `${toBibtex(mine.map(paperRecord))}\n@article{gone,\n  title = {Not Here},\n  doi = {10.9999/gone},\n}\n`,
  );
});

afterAll(() => index?.cleanup());

describe('paper-search recommend', () => {
  it('a digest: papers since a date, as BibTeX; unmatched entries reported by line', async () => {
    const result = runCli([
      'recommend',
      ...['--index', index.root, '--library', library, '--since', '2024-01-01'],
      ...['--k', '5', '--format', 'bibtex'],
    ]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      /mine\.bib:\d+: no paper with id "gone", or DOI 10\.9999\/gone, or title "Not Here"; not in the index and no abstract to embed\n$/,
    );
    const found = papers(await collect(readBibtex({ name: 'out.bib', text: result.stdout })));
    expect(found).toHaveLength(5);
    for (const paper of found) expect(paper.published! >= '2024-01-01').toBe(true);
  });

  it('JSON with the library as matched, and a table for people', () => {
    const json = runCli([
      'recommend',
      '--index',
      index.root,
      '--library',
      library,
      '--format',
      'json',
    ]);
    expect(json.status).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.results).toHaveLength(20);
    expect(body.library.map((e: { matched_by: string }) => e.matched_by)).toEqual([
      'doi',
      'doi',
      'doi',
    ]);
    const table = runCli(['recommend', '--index', index.root, '--library', library, '--k', '3']);
    expect(table.stdout).toMatch(/^3 papers like the 3 of the library\n/);
    expect(table.stdout).toMatch(/closest: /);
  });

  it('one reference per line in a .txt; a bad date or file is a clear error', async () => {
    const lines = join(index.root, '..', 'refs.txt');
    await writeFile(lines, `# my papers\n${index.papers[0].id}\n\ndoi:10.9999/none\n`);
    const ok = runCli(['recommend', '--index', index.root, '--library', lines, '--k', '2']);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toBe(`${lines}:4: no paper with DOI 10.9999/none\n`);
    const date = runCli([
      'recommend',
      '--index',
      index.root,
      '--library',
      lines,
      '--since',
      '2024-13-01',
    ]);
    expect(date.status).not.toBe(0);
    expect(date.stderr).toMatch(/expected a date as YYYY-MM-DD, got "2024-13-01"/);
    const kind = runCli([
      'recommend',
      '--index',
      index.root,
      '--library',
      join(index.root, 'x.pdf'),
    ]);
    expect(kind.stderr).toMatch(/expected a library file ending in \.bib, \.bibtex, \.ris, \.txt/);
  });
});
