import { describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { readS2 } from '../../src/corpus/semantic-scholar.js';
import { collect, fixture, outline, papers } from './helpers.js';

describe('readS2', () => {
  it('streams the data array of a search page, one event per paper at its line', async () => {
    const events = await collect(readS2(fixture('s2-search-page.json')));
    expect(outline(events)).toEqual([
      '6: On-line Viterbi Algorithm and Its Relationship to Random Walks',
      '33: skip missing abstract',
      '47: Workshop Poster Without Identifiers',
      '61: A limit relation for entropy and channel capacity per unit cost',
    ]);
    const [viterbi, poster, limit] = papers(events);
    expect(viterbi).toEqual({
      id: '0704.0062',
      title: 'On-line Viterbi Algorithm and Its Relationship to Random Walks',
      abstract:
        'In this paper, we introduce the on-line Viterbi algorithm for decoding hidden Markov models (HMMs) in much smaller than linear space.',
      authors: ['Rastislav Šrámek', 'Broňa Brejová', 'Tomáš Vinař'],
      categories: ['Computer Science', 'Mathematics', 'Biology'],
      published: '2007-03-31',
      url: 'https://www.semanticscholar.org/paper/5c8fe1f1a2a1a0b2c2d3e4f5061728394a5b6c7d',
      doi: '10.1007/978-3-540-74126-8_23',
      arxivId: '0704.0062',
      venue: 'Workshop on Algorithms in Bioinformatics',
      keywords: [],
    });
    expect(poster).toMatchObject({
      id: 's2:9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
      published: '2007-01-01',
      venue: 'Proceedings of the Bioinformatics Workshop',
      categories: ['Biology'],
    });
    expect(limit).toMatchObject({
      id: 'doi:10.1063/1.2779138',
      categories: ['Mathematics', 'Physics'],
    });
  });

  it('reads JSON Lines of papers and reports a bad line', async () => {
    expect(outline(await collect(readS2(fixture('s2-papers.jsonl'))))).toEqual([
      '1: On-line Viterbi Algorithm and Its Relationship to Random Walks',
      expect.stringMatching(/^2: skip invalid JSON: /),
      '3: skip missing abstract',
    ]);
  });

  it('refuses records that are not Semantic Scholar papers', async () => {
    await expect(collect(readS2(fixture('papers.jsonl')))).rejects.toThrow(CorpusError);
    await expect(collect(readS2(fixture('openalex-works.jsonl')))).rejects.toThrow(
      /not Semantic Scholar paper records: the first record \(line 1\)/,
    );
  });
});
