import { describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { detectFormat, formatFromExtension, readCorpus } from '../../src/corpus/formats.js';
import { fieldMapFrom, parseFieldMapping } from '../../src/corpus/field-map.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { collect, fixture } from './helpers.js';

describe('formatFromExtension', () => {
  it.each([
    ['a.jsonl', 'jsonl'],
    ['a.NDJSON', 'jsonl'],
    ['a.json', 'json'],
    ['a.csv', 'csv'],
    ['a.txt', 'listing'],
    ['a.bib', 'bibtex'],
    ['a.RIS', 'ris'],
    ['a.xml', null],
  ])('%s → %s', (file, format) => {
    expect(formatFromExtension(file)).toBe(format);
  });
});

describe('detectFormat', () => {
  it.each([
    ['papers.jsonl', 'jsonl'],
    ['papers.json', 'json'],
    ['lines-in.json', 'jsonl'],
    ['arxiv-snapshot.json', 'arxiv'],
    ['papers.csv', 'csv'],
    ['listing-blocks.txt', 'listing'],
    ['arxiv-snapshot-real.jsonl', 'arxiv'],
    ['s2-search-page.json', 's2'],
    ['s2-papers.jsonl', 's2'],
    ['openalex-works-page.json', 'openalex'],
    ['openalex-works.jsonl', 'openalex'],
    ['proceedings.bib', 'bibtex'],
    ['zotero.ris', 'ris'],
  ])('sniffs %s as %s', async (name, format) => {
    expect(await detectFormat(fixture(name))).toBe(format);
  });

  it('reads a minified one-line array as a JSON document', async () => {
    const tmp = await makeTempDir();
    try {
      const file = await tmp.write(
        'min.json',
        '[{"title":"A","abstract":"x"},{"title":"B","abstract":"y"}]',
      );
      expect(await detectFormat(file)).toBe('json');
      expect((await collect(readCorpus([file]))).map((event) => event.kind)).toEqual([
        'paper',
        'paper',
      ]);
    } finally {
      await tmp.cleanup();
    }
  });

  it('lets an explicit format win', async () => {
    expect(await detectFormat(fixture('papers.json'), { format: 'jsonl' })).toBe('jsonl');
    expect(await detectFormat(fixture('papers.jsonl'), { format: 'arxiv' })).toBe('arxiv');
    expect(await detectFormat(fixture('notes.xml'), { format: 'listing' })).toBe('listing');
  });

  it('throws a CorpusError for unknown, missing and empty files', async () => {
    await expect(detectFormat(fixture('notes.xml'))).rejects.toThrow(/unknown corpus format/);
    await expect(detectFormat(fixture('absent.csv'))).rejects.toThrow(CorpusError);
    await expect(detectFormat(fixture('empty.jsonl'))).rejects.toThrow(/empty/);
  });
});

describe('readCorpus', () => {
  it('yields the events of every file in order', async () => {
    const files = [fixture('listing-lines.txt'), fixture('papers.csv')];
    const events = await collect(readCorpus(files));
    expect(
      events.map((event) => `${event.file === files[0] ? 'txt' : 'csv'}:${event.line}`),
    ).toEqual(['txt:3', 'txt:5', 'txt:7', 'csv:2', 'csv:3', 'csv:6', 'csv:8', 'csv:9']);
  });

  it('refuses --map for inputs whose fields it cannot rename, before any event', async () => {
    const fieldMap = fieldMapFrom([parseFieldMapping('authors=writers')]);
    const files = [fixture('papers.jsonl'), fixture('zotero.ris')];
    await expect(collect(readCorpus(files, { fieldMap }))).rejects.toThrow(
      /zotero\.ris: --map applies to JSON, JSON Lines and CSV inputs, not ris/,
    );
  });

  it('fails before any event when one file is missing', async () => {
    const seen: unknown[] = [];
    const reading = (async () => {
      for await (const event of readCorpus([fixture('papers.jsonl'), fixture('absent.jsonl')])) {
        seen.push(event);
      }
    })();
    await expect(reading).rejects.toBeInstanceOf(CorpusError);
    expect(seen).toEqual([]);
  });
});
