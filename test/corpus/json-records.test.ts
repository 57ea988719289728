import { afterAll, describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { readJsonDocument, readJsonLineRecords } from '../../src/corpus/json-records.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { collect } from './helpers.js';

describe('JSON record layouts', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());
  const { write } = tmp;

  it('streams a wrapper page, keeping only its records, at the lines they start on', async () => {
    const file = await write(
      'page.json',
      '{\n  "total": 2,\n  "meta": {"data": [9]},\n  "data": [\n    {"n": 1},\n    {"n": [2,\n 3]}\n  ],\n  "next": 2\n}\n',
    );
    expect(await collect(readJsonDocument(file))).toEqual([
      { line: 5, value: { n: 1 } },
      { line: 6, value: { n: [2, 3] } },
    ]);
  });

  it('reads a single object as one record, nested arrays and all', async () => {
    const file = await write(
      'one.json',
      '\n{"title": "T",\n "authors": [{"name": "A"}],\n "results": 3}\n',
    );
    expect(await collect(readJsonDocument(file))).toEqual([
      { line: 2, value: { title: 'T', authors: [{ name: 'A' }], results: 3 } },
    ]);
  });

  it('expands a JSON Lines line that holds a page', async () => {
    const file = await write('lines.jsonl', '{"n":0}\n{"results":[{"n":1},{"n":2}]}\n');
    expect(await collect(readJsonLineRecords(file))).toEqual([
      { line: 1, value: { n: 0 } },
      { line: 2, value: { n: 1 } },
      { line: 2, value: { n: 2 } },
    ]);
  });

  it('reports a bad leading line once a later one parses, and refuses a file where none does', async () => {
    const mixed = await write('mixed.jsonl', 'oops\n{"n":1}\n');
    expect(await collect(readJsonLineRecords(mixed))).toEqual([
      { line: 1, error: expect.stringMatching(/^invalid JSON: /) },
      { line: 2, value: { n: 1 } },
    ]);
    const prose = await write('prose.jsonl', 'Just some\ntext lines\n');
    await expect(collect(readJsonLineRecords(prose))).rejects.toThrow(CorpusError);
    await expect(collect(readJsonLineRecords(prose))).rejects.toThrow(
      /not JSON Lines: no line of the first 2 parses \(line 1: invalid JSON/,
    );
  });
});
