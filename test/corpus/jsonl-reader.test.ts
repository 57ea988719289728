import { describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { readJsonl } from '../../src/corpus/jsonl-reader.js';
import { noExtras } from '../../src/corpus/paper.js';
import { collect, fixture, outline, papers } from './helpers.js';

describe('readJsonl', () => {
  const file = fixture('papers.jsonl');

  it('reports every record as a paper or a skip at its file and line', async () => {
    const events = await collect(readJsonl(file));
    expect(events.every((event) => event.file === file)).toBe(true);
    expect(outline(events)).toEqual([
      '1: Sparse Attention Revisited',
      '2: Untitled Authors As A String',
      expect.stringMatching(/^4: skip invalid JSON: \S/),
      '5: skip missing abstract',
      '6: Numeric id and month date',
      '7: skip authors is not a string or a list of names',
      '8: skip record is not an object',
    ]);
  });

  it('normalises the loose field shapes', async () => {
    const [first, second, third] = papers(await collect(readJsonl(file)));
    expect(first).toEqual({
      id: 'p-1',
      title: 'Sparse Attention Revisited',
      abstract: 'We revisit sparse attention. It works.',
      authors: ['Ada Lovelace', 'Alan Turing'],
      categories: ['cs.LG', 'cs.CL'],
      published: '2023-05-17',
      url: 'https://example.org/p-1',
      ...noExtras(),
    });
    expect(second).toEqual({
      id: 'doi:10.1000/xyz123',
      title: 'Untitled Authors As A String',
      abstract: 'Authors given as one string.',
      authors: ['Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'],
      categories: ['cs.PL', 'cs.SE'],
      published: '2019-01-01',
      url: 'https://doi.org/10.1000/xyz123',
      ...noExtras(),
      doi: '10.1000/xyz123',
    });
    expect([third.id, third.published]).toEqual(['42', '2020-07-01']);
  });

  it('throws a CorpusError naming a missing or empty file', async () => {
    for (const name of ['absent.jsonl', 'empty.jsonl']) {
      const path = fixture(name);
      const failure = collect(readJsonl(path));
      await expect(failure).rejects.toBeInstanceOf(CorpusError);
      await expect(collect(readJsonl(path))).rejects.toMatchObject({ file: path });
    }
  });
});
