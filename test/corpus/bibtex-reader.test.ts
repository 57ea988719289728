import { afterAll, describe, expect, it } from 'vitest';
import { readBibtex } from '../../src/corpus/bibtex-reader.js';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { collect, fixture, outline, papers } from './helpers.js';

describe('readBibtex on a proceedings excerpt', () => {
  const file = fixture('proceedings.bib');

  it('reports every entry as a paper or a skip, with its line and a reason', async () => {
    const events = await collect(readBibtex(file));
    expect(events.every((event) => event.file === file)).toBe(true);
    expect(outline(events)).toEqual([
      '4: skip @comment (not a paper)',
      '6: skip @preamble (not a paper)',
      '8: skip @string (not a paper)',
      '9: skip @string (not a paper)',
      '11: skip @proceedings without abstract (not a paper)',
      '20: On-line Viterbi Algorithm and Its Relationship to Random Walks',
      '39: Gap Costs for RNA Alignment & Folding — a München–Zürich Study',
      '51: skip malformed BibTeX entry: @inproceedings is not closed before line 59 (unbalanced braces)',
      '59: skip missing title',
      '66: skip missing abstract',
      '73: A limit relation for entropy and channel capacity per unit cost',
      '85: Sparsity-certifying Graph Decompositions',
      '95: Benchmark Data for the WABI 2007 Challenge',
    ]);
  });

  it('expands macros, decodes LaTeX and keeps every field', async () => {
    const [viterbi, gapCosts, limit, sparsity, report] = papers(await collect(readBibtex(file)));
    expect(viterbi).toEqual({
      id: '0704.0062',
      title: 'On-line Viterbi Algorithm and Its Relationship to Random Walks',
      abstract:
        'In this paper, we introduce the on-line Viterbi algorithm for decoding hidden Markov ' +
        'models (HMMs) in much smaller than linear space. Classical Viterbi algorithm requires ' +
        'O(mn) space, which is impractical for analysis of long DNA sequences — such as complete ' +
        'human genome chromosomes.',
      authors: ['Rastislav Šrámek', 'Broňa Brejová', 'Tomáš Vinař'],
      categories: ['cs.DS'],
      published: '2007-09-01',
      url: 'https://doi.org/10.1007/978-3-540-74126-8_23',
      doi: '10.1007/978-3-540-74126-8_23',
      arxivId: '0704.0062',
      venue: 'Algorithms in Bioinformatics: 7th International Workshop (WABI)',
      keywords: ['gene finding', 'hidden Markov models', 'Viterbi algorithm'],
    });
    expect(gapCosts).toMatchObject({
      id: 'mueller07alignment',
      abstract:
        'We study affine gap costs in 50% of the RNA families, with á la carte penalties and a Θ(n²) dynamic programme.',
      authors: [
        'Jörg Müller',
        'François Straßer',
        'José de la Fuente',
        'European Bioinformatics Institute',
      ],
      published: '2007-09-08',
      url: 'https://example.org/wabi07/mueller.html',
      venue: 'Algorithms in Bioinformatics',
    });
    expect(limit).toMatchObject({
      id: 'doi:10.1063/1.2779138',
      authors: ['I. Csiszár', 'F. Hiai', 'D. Petz'],
      venue: 'J. Math. Phys.',
      published: '2007-01-01',
    });
    expect(limit.abstract).toMatch(/^In a quantum mechanical model, Diósi, Feldmann/);
    expect(sparsity).toMatchObject({
      id: '0704.0002',
      arxivId: '0704.0002',
      url: 'https://arxiv.org/abs/0704.0002',
      abstract: 'We describe a new algorithm, the (k,ℓ)-pebble game with colors.',
    });
    expect(report).toMatchObject({
      id: 'wabi07report',
      authors: ['WABI Organising Committee'],
      abstract: 'Data sets and scoring rules of the challenge track.',
    });
  });
});

describe('readBibtex on edge cases', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());
  const { write } = tmp;

  it('reads parenthesised entries, two entries on one line and Google Scholar arXiv journals', async () => {
    const file = await write(
      'scholar.bib',
      '@article(vaswani2017attention, title={Attention Is All You Need}, author={Vaswani, Ashish and Shazeer, Noam},\n' +
        '  journal={arXiv preprint arXiv:1706.03762}, year={2017}, abstract={Transformers.})' +
        '@misc{b, title = "Second", abstract = "On the same line.", arxivId = {2101.00001v3}}\n',
    );
    expect(papers(await collect(readBibtex(file)))).toEqual([
      expect.objectContaining({
        id: '1706.03762',
        authors: ['Ashish Vaswani', 'Noam Shazeer'],
        venue: 'arXiv preprint arXiv:1706.03762',
      }),
      expect.objectContaining({ id: '2101.00001', title: 'Second' }),
    ]);
  });

  it('reports an entry left open at the end of the file', async () => {
    const file = await write(
      'open.bib',
      '@misc{a, title={A}, abstract={Fine.}}\n\n@misc{b, title={Never {closed}, abstract={x}\n',
    );
    expect(outline(await collect(readBibtex(file)))).toEqual([
      '1: A',
      '3: skip malformed BibTeX entry: @misc is not closed before the end of the file (unbalanced braces)',
    ]);
  });

  it('refuses a file without BibTeX entries before yielding anything', async () => {
    await expect(collect(readBibtex(fixture('papers.jsonl')))).rejects.toThrow(CorpusError);
    await expect(collect(readBibtex(fixture('papers.jsonl')))).rejects.toThrow(
      /not BibTeX: no @type\{…\} entry in the first \d+ lines/,
    );
  });
});
