import { describe, expect, it } from 'vitest';
import {
  classifyListingLine,
  detectListingLayout,
  parseListing,
  readListing,
} from '../../src/corpus/listing-reader.js';
import { stableIdFromTitle } from '../../src/corpus/paper.js';
import { collect, fixture, outline, papers } from './helpers.js';

function numbered(texts: string[]) {
  return (async function* () {
    for (const [index, text] of texts.entries()) yield { text, line: index + 1 };
  })();
}

describe('detectListingLayout', () => {
  it('tells blank-line blocks from alternating lines', () => {
    expect(detectListingLayout(['new', '', 'Subscribe', '', 'Title'])).toBe('blocks');
    expect(detectListingLayout(['Get trending…', 'SubscribeTitle', 'Abstract', ''])).toBe('lines');
    expect(detectListingLayout(['', '', 'Title', 'Abstract'])).toBe('lines');
  });
});

describe('classifyListingLine', () => {
  it('recognises boilerplate, author counts and dates', () => {
    expect(classifyListingLine('Daily Papers', false)).toEqual({ type: 'boilerplate' });
    expect(classifyListingLine('·', false)).toEqual({ type: 'boilerplate' });
    expect(classifyListingLine('  • 11 authors', false)).toEqual({ type: 'authors', count: 11 });
    expect(classifyListingLine('Dec 20, 2013', false)).toEqual({
      type: 'date',
      published: '2013-12-20',
    });
    expect(classifyListingLine('Oct 20, 2023 1', false)).toEqual({
      type: 'date',
      published: '2023-10-20',
    });
    expect(classifyListingLine('Feb 24 2', false)).toEqual({ type: 'date', published: null });
  });

  it('strips boilerplate glued onto the first title only', () => {
    const glued = 'SubscribeNorm of Word Embedding Encodes Information Gain';
    expect(classifyListingLine(glued, true)).toEqual({
      type: 'content',
      text: 'Norm of Word Embedding Encodes Information Gain',
    });
    expect(classifyListingLine('Subscribers and Spam', false)).toEqual({
      type: 'content',
      text: 'Subscribers and Spam',
    });
  });
});

describe('readListing', () => {
  it('reads the blocks layout with its metadata lines', async () => {
    const file = fixture('listing-blocks.txt');
    const events = await collect(readListing(file));
    expect(outline(events)).toEqual([
      '13: On the Initialization of Graph Neural Networks',
      '21: On the Stability of Expressive Positional Encodings for Graph Neural Networks',
      '29: Grokking at the Edge of Numerical Stability',
      '37: Kolmogorov-Arnold Transformer',
      '45: A Paragraph Wrapped Over Two Lines Is Still One Title',
      '51: skip title without abstract',
    ]);
    const found = papers(events);
    // A date without a year ("Jan 8") is not a full date.
    expect(found.map((paper) => paper.published)).toEqual([
      '2023-12-05',
      '2023-10-04',
      null,
      '2024-09-16',
      null,
    ]);
    expect(found[4].abstract).toBe(
      'The abstract of a wrapped entry also spans several lines of the dump and is joined with single spaces.',
    );
    expect(found[0]).toMatchObject({
      id: stableIdFromTitle(found[0].title),
      authors: [],
      categories: [],
      url: null,
    });
    expect(found[0].abstract).toMatch(/^Graph Neural Networks \(GNNs\) have displayed/);
  });

  it('reads the alternating-lines layout with glued boilerplate', async () => {
    const events = await collect(readListing(fixture('listing-lines.txt')));
    expect(outline(events)).toEqual([
      '3: Norm of Word Embedding Encodes Information Gain',
      '5: Teaching Metric Distance to Autoregressive Multimodal Foundational Models',
      '7: Zipfian Whitening',
    ]);
    expect(papers(events)[2].abstract).toMatch(/^The word embedding space in neural models/);
  });
});

describe('parseListing', () => {
  it('keeps author counts on the entries', async () => {
    const lines = [
      'T1',
      '',
      'Abstract one.',
      '',
      '  • 4 authors',
      '·',
      'Jan 8',
      '',
      'T2',
      '',
      'A2.',
    ];
    const items = await collect(parseListing(numbered(lines)));
    expect(items).toEqual([
      {
        kind: 'entry',
        title: 'T1',
        abstract: 'Abstract one.',
        authorCount: 4,
        published: null,
        line: 1,
      },
      { kind: 'entry', title: 'T2', abstract: 'A2.', authorCount: null, published: null, line: 9 },
    ]);
  });

  it('skips an abstract whose title is missing and recovers', async () => {
    const orphan = 'An abstract without its title. '.repeat(12);
    const items = await collect(parseListing(numbered(['T1', 'A1.', orphan, 'T2', 'A2.'])));
    expect(items).toEqual([
      expect.objectContaining({ kind: 'entry', title: 'T1', line: 1 }),
      { kind: 'stray', reason: 'paragraph without a title', line: 3 },
      expect.objectContaining({ kind: 'entry', title: 'T2', line: 4 }),
    ]);
  });
});

describe('readListing refuses other formats', () => {
  it.each([
    [
      'markup-as-listing.txt',
      /not a paper listing: it looks like BibTeX \(line 1: "@Proceedings\{MIDL-2026,/,
    ],
    ['proceedings.bib', /not a paper listing: it looks like BibTeX/],
    ['zotero.ris', /not a paper listing: it looks like RIS/],
    ['papers.jsonl', /not a paper listing: it looks like JSON/],
    ['papers.csv', /not a paper listing: it looks like CSV \(line 1: "id,Title,Abstract/],
  ])('%s', async (name, message) => {
    const events: unknown[] = [];
    const reading = (async () => {
      for await (const event of readListing(fixture(name))) events.push(event);
    })();
    await expect(reading).rejects.toThrow(message);
    expect(events).toEqual([]);
  });
});
