import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { titleFromText, readBeir } from '../../src/corpus/beir.js';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { detectFormat } from '../../src/corpus/formats.js';
import { collect, fixture, outline, papers } from './helpers.js';

const corpus = fileURLToPath(new URL('../fixtures/beir/tiny/corpus.jsonl', import.meta.url));

describe('readBeir', () => {
  it('reads _id, title and text as id, title and abstract', async () => {
    const events = await collect(readBeir(corpus));
    expect(events).toHaveLength(6);
    const [first] = papers(events);
    expect(first).toMatchObject({
      id: 'd1',
      title: 'Hopfield networks as associative memory',
      abstract:
        'A recurrent network stores patterns as attractors and recalls them from partial cues.',
    });
  });

  it("takes an untitled record's first sentence as its title, the rest as its abstract", async () => {
    const untitled = papers(await collect(readBeir(corpus))).find((p) => p.id === 'd3');
    expect(untitled).toMatchObject({
      title: 'Protein folding by molecular dynamics.',
      abstract: 'Long simulations reach the native state of small proteins.',
    });
    expect(titleFromText('One sentence only')).toEqual({
      title: 'One sentence only',
      abstract: 'One sentence only',
    });
  });

  it('is detected from the first record and refuses records of another format', async () => {
    await expect(detectFormat(corpus)).resolves.toBe('beir');
    await expect(collect(readBeir(fixture('papers.jsonl')))).rejects.toThrow(CorpusError);
  });

  it('skips a record without text at its line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beir-'));
    try {
      const file = join(dir, 'corpus.jsonl');
      await writeFile(
        file,
        '{"_id": "a", "title": "A title", "text": "Some text."}\n{"_id": "b", "title": "B", "text": ""}\n',
      );
      expect(outline(await collect(readBeir(file)))).toEqual([
        '1: A title',
        expect.stringMatching(/^2: skip missing/),
      ]);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
