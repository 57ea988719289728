import { noExtras } from '../../src/corpus/paper.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { readJson } from '../../src/corpus/json-reader.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { collect, fixture, outline, papers } from './helpers.js';

describe('readJson', () => {
  it('streams the elements of a top-level array', async () => {
    const events = await collect(readJson(fixture('papers.json')));
    expect(outline(events)).toEqual([
      '2: Streaming a JSON Array',
      '10: skip missing abstract',
      '11: skip record is not an object',
      '12: Last One',
    ]);
    expect(papers(events)).toEqual([
      {
        id: 'j-1',
        title: 'Streaming a JSON Array',
        abstract: 'Records arrive one element at a time.',
        authors: ['Ada Lovelace'],
        categories: ['cs.DB'],
        published: '2023-12-05',
        url: null,
        ...noExtras(),
      },
      expect.objectContaining({ id: 'j-4', published: null }),
    ]);
  });

  it('keeps the elements before a syntax error and reports the error once', async () => {
    const file = fixture('truncated.json');
    const events = await collect(readJson(file));
    expect(outline(events)).toEqual([
      '2: Complete Element',
      '3: skip invalid JSON: Parser cannot parse input: expected a value; rest of file unread',
    ]);
    expect(events[1].file).toBe(file);
  });

  it('reads a single record object as one record', async () => {
    const events = await collect(readJson(fixture('lines-in.json')));
    expect(outline(events)).toEqual(['1: JSON Lines in a .json file']);
  });

  it('refuses a file that is not JSON at all', async () => {
    const file = fixture('proceedings.bib');
    await expect(collect(readJson(file))).rejects.toThrow(CorpusError);
    await expect(collect(readJson(file))).rejects.toThrow(/not JSON: invalid JSON: .* at line 1$/);
  });

  it('refuses a missing file', async () => {
    await expect(collect(readJson(fixture('absent.json')))).rejects.toThrow(CorpusError);
  });

  it('reads a minified array and an empty one', async () => {
    const tmp = await makeTempDir();
    try {
      const minified = join(tmp.dir, 'min.json');
      await writeFile(
        minified,
        '\uFEFF[{"title":"A","abstract":"x"},{"title":"B","abstract":"y"}]',
      );
      expect(outline(await collect(readJson(minified)))).toEqual(['1: A', '1: B']);
      const empty = join(tmp.dir, 'empty.json');
      await writeFile(empty, '[ ]\n');
      expect(await collect(readJson(empty))).toEqual([]);
      const blank = join(tmp.dir, 'blank.json');
      await writeFile(blank, ' \n');
      await expect(collect(readJson(blank))).rejects.toThrow(/no JSON content/);
    } finally {
      await tmp.cleanup();
    }
  });

  it('reports text after the array as invalid JSON', async () => {
    const tmp = await makeTempDir();
    try {
      const file = join(tmp.dir, 'two.json');
      await writeFile(file, '[{"title":"A","abstract":"x"}]\n[]\n');
      expect(outline(await collect(readJson(file)))).toEqual([
        '1: A',
        expect.stringMatching(/^2: skip invalid JSON: .+; rest of file unread$/),
      ]);
    } finally {
      await tmp.cleanup();
    }
  });
});
