import { describe, expect, it } from 'vitest';
import {
  readLibraryText,
  LibraryTooLargeError,
  LibraryFormatError,
} from '../../src/search/library-import.js';
import { referenceFromObject, referenceFromString } from '../../src/search/library-reference.js';
import { EmptyLibraryError } from '../../src/search/errors.js';
import { useLexicalIndex } from './test-index.js';

const ctx = useLexicalIndex();

const withIds = () => ctx.index.papers.filter((p) => p.doi && p.arxivId);
const withoutIds = () => ctx.index.papers.filter((p) => !p.doi && !p.arxivId);

describe('references as a client writes them', () => {
  it('reads prefixes, links, bare DOIs and arXiv ids; anything else is an id or a title', () => {
    const name = (text: string) => {
      const { id, doi, arxivId, title } = referenceFromString(text, 0);
      return { id, doi, arxivId, title };
    };
    const none = { id: null, doi: null, arxivId: null, title: null };
    expect(name('doi:10.1103/PhysRevD.76.013009')).toEqual({
      ...none,
      doi: '10.1103/PhysRevD.76.013009',
    });
    expect(name('https://doi.org/10.1234/x')).toEqual({ ...none, doi: '10.1234/x' });
    expect(name('10.1234/x')).toEqual({ ...none, doi: '10.1234/x' });
    expect(name('arXiv:0704.0001v2')).toEqual({ ...none, arxivId: '0704.0001' });
    expect(name('https://arxiv.org/abs/hep-th/9901001')).toEqual({
      ...none,
      arxivId: 'hep-th/9901001',
    });
    expect(name('0704.0001')).toEqual({
      id: '0704.0001',
      doi: null,
      arxivId: '0704.0001',
      title: '0704.0001',
    });
    expect(name('  Attention  is all you need ')).toEqual({
      ...none,
      id: 'Attention is all you need',
      title: 'Attention is all you need',
    });
  });

  it('objects: identifiers reduced to their bare forms, an arXiv DOI read as an arXiv id', () => {
    expect(
      referenceFromObject({ doi: 'https://doi.org/10.48550/arXiv.2101.00001v3' }, 4),
    ).toMatchObject({
      index: 4,
      kind: 'record',
      doi: '10.48550/arXiv.2101.00001v3',
      arxivId: '2101.00001',
    });
  });
});

describe('recommending from a library', () => {
  it('matches by id, DOI, arXiv id and title, embeds the unknown, and reports the rest', async () => {
    const [a, b, c] = withIds();
    const [d, e] = withoutIds();
    const { results, library, unmatched } = await ctx.loaded.service.recommend({
      positive: [],
      negative: [],
      k: 10,
      library: [
        referenceFromString(a.id, 0),
        referenceFromString(`doi:${b.doi!.toUpperCase()}`, 1),
        referenceFromObject({ arxiv_id: `arXiv:${c.arxivId}v1`, title: 'ignored' }, 2),
        referenceFromObject({ title: `  ${d.title.toLowerCase()}!` }, 3),
        referenceFromObject({ title: 'A paper this index lacks', abstract: e.abstract }, 4),
        referenceFromString('doi:10.9999/nowhere', 5),
        referenceFromObject({ title: 'Unknown and abstract-less', doi: '10.9999/x' }, 6),
      ],
    });
    expect(library.map((p) => [p.index, p.matchedBy, p.paper?.id ?? null])).toEqual([
      [0, 'id', a.id],
      [1, 'doi', b.id],
      [2, 'arxiv_id', c.id],
      [3, 'title', d.id],
      [4, 'embedded', null],
    ]);
    expect(unmatched).toEqual([
      { index: 5, reference: 'doi:10.9999/nowhere', reason: 'no paper with DOI 10.9999/nowhere' },
      {
        index: 6,
        reference: 'doi:10.9999/x',
        reason:
          'no paper with DOI 10.9999/x, or title "Unknown and abstract-less"; not in the index and no abstract to embed',
      },
    ]);
    const ids = results.map((r) => r.id);
    expect(ids).toHaveLength(10);
    for (const own of [a, b, c, d]) expect(ids).not.toContain(own.id);
    // The embedded abstract is e's own: e is nearer to it than to any other library paper.
    const forE = results.find((r) => r.id === e.id);
    expect(forE?.closest[0]).toMatchObject({ id: null, title: 'A paper this index lacks' });
    expect(forE!.closest[0].score).toBeGreaterThan(0.9);
  });

  it('each result names its three closest library papers, most similar first', async () => {
    const library = withIds().slice(0, 4);
    const { results } = await ctx.loaded.service.recommend({
      positive: library.map((p) => p.id),
      negative: [],
      k: 5,
    });
    for (const hit of results) {
      expect(hit.closest).toHaveLength(3);
      const scores = hit.closest.map((c) => c.score);
      expect(scores).toEqual([...scores].sort((x, y) => y - x));
      for (const c of hit.closest) expect(library.map((p) => p.id)).toContain(c.id);
    }
  });

  it('an empty or all-unmatched library is an EmptyLibraryError listing every reference', async () => {
    const recommend = (refs: ReturnType<typeof referenceFromString>[]) =>
      ctx.loaded.service.recommend({ positive: [], negative: [], k: 5, library: refs });
    await expect(recommend([])).rejects.toThrow(EmptyLibraryError);
    const error = await recommend([referenceFromString('no such paper at all', 0)]).catch((e) => e);
    expect(error).toBeInstanceOf(EmptyLibraryError);
    expect(error.unmatched).toEqual([
      {
        index: 0,
        reference: 'no such paper at all',
        reason: 'no paper with id or title "no such paper at all"',
      },
    ]);
  });

  it('since and until keep results inside the window', async () => {
    const { results } = await ctx.loaded.service.recommend({
      positive: [withIds()[0].id],
      negative: [],
      k: 20,
      filters: { since: '2023-06-01', until: '2024-05-31' },
    });
    expect(results.length).toBeGreaterThan(0);
    for (const hit of results) {
      expect(hit.published! >= '2023-06-01' && hit.published! <= '2024-05-31').toBe(true);
    }
  });
});

describe('a library file', () => {
  const bib = (paper: { title: string; doi: string | null }) =>
    `@article{k,\n  title = {${paper.title}},\n  doi = {${paper.doi ?? ''}},\n}\n`;

  it('numbers entries in file order, reports a malformed one at its line and reads on', async () => {
    const [a, b] = withIds();
    const text = [
      '@string{x = "y"}',
      bib(a),
      '@article{broken,',
      '  title = {Unbalanced',
      bib(b),
    ].join('\n');
    const { references, unreadable } = await readLibraryText(text, 'bibtex', 10);
    expect(references.map((r) => [r.index, r.doi, r.line])).toEqual([
      [0, a.doi, 2],
      [2, b.doi, 9],
    ]);
    expect(unreadable).toEqual([
      {
        index: 1,
        reference: null,
        reason: 'malformed BibTeX entry: @article is not closed before line 9 (unbalanced braces)',
        line: 7,
      },
    ]);
  });

  it('RIS: the ID this project writes matches the paper', async () => {
    const paper = withoutIds()[0];
    const text = `TY  - GEN\nTI  - Another title\nID  - ${paper.id}\nER  - \n`;
    const { references } = await readLibraryText(text, 'ris', 10);
    const { library } = await ctx.loaded.service.recommend({
      positive: [],
      negative: [],
      k: 3,
      library: references,
    });
    expect(library.map((p) => [p.matchedBy, p.paper?.id])).toEqual([['id', paper.id]]);
  });

  it('stops past the limit, and refuses text in another format', async () => {
    const text = withIds().slice(0, 3).map(bib).join('\n');
    await expect(readLibraryText(text, 'bibtex', 2)).rejects.toThrow(LibraryTooLargeError);
    expect((await readLibraryText(text, 'bibtex', 3)).references).toHaveLength(3);
    await expect(readLibraryText(text, 'ris', 3)).rejects.toThrow(LibraryFormatError);
  });
});
