import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { toBibtex } from '../../src/export/bibtex-writer.js';
import { toRis } from '../../src/export/ris-writer.js';
import { paperRecord } from '../../src/corpus/paper.js';
import { useLexicalApp } from './test-app.js';

const ctx = useLexicalApp();

const withDoi = () => ctx.index.papers.filter((p) => p.doi);
const ids = (body: { results: Array<{ id: string }> }) => body.results.map((r) => r.id);

describe('POST /recommend with a library', () => {
  it('JSON: strings and objects; the library as matched, unmatched with reasons', async () => {
    const [a, b] = withDoi();
    const res = await request(ctx.app)
      .post('/recommend')
      .send({
        library: [`doi:${a.doi}`, { title: b.title }, 'no such paper'],
        k: 5,
      })
      .expect(200);
    expect(res.body.strategy).toBe('average');
    expect(res.body.library).toEqual([
      { index: 0, matched_by: 'doi', id: a.id, title: a.title },
      { index: 1, matched_by: 'title', id: b.id, title: b.title },
    ]);
    expect(res.body.unmatched).toEqual([
      { index: 2, reference: 'no such paper', reason: 'no paper with id or title "no such paper"' },
    ]);
    expect(ids(res.body)).not.toContain(a.id);
    expect(ids(res.body)).not.toContain(b.id);
    expect(res.body.results[0].closest.map((c: { id: string }) => c.id).sort()).toEqual(
      [a.id, b.id].sort(),
    );
  });

  it('a BibTeX file as the body, options in the query string; a bad entry at its line', async () => {
    const papers = withDoi().slice(0, 3);
    const file = `${toBibtex(papers.map(paperRecord))}\n@article{broken,\n  title = {x\n`;
    const res = await request(ctx.app)
      .post('/recommend?k=4&mode=semantic&strategy=nearest&since=2020-01-01')
      .set('Content-Type', 'application/x-bibtex')
      .send(file)
      .expect(200);
    expect(res.body).toMatchObject({ k: 4, mode: 'semantic', strategy: 'nearest' });
    expect(res.body.library.map((e: { id: string }) => e.id)).toEqual(papers.map((p) => p.id));
    expect(res.body.unmatched).toEqual([
      {
        index: 3,
        reference: null,
        reason:
          'malformed BibTeX entry: @article is not closed before the end of the file (unbalanced braces)',
        line: expect.any(Number),
      },
    ]);
    expect(res.body.results.length).toBeGreaterThan(0);
    for (const hit of res.body.results) expect(hit.published >= '2020-01-01').toBe(true);
  });

  it('a RIS file as the body: the ids this project exports match', async () => {
    const papers = ctx.index.papers.slice(10, 13);
    const res = await request(ctx.app)
      .post('/recommend?k=3')
      .set('Content-Type', 'application/x-research-info-systems')
      .send(toRis(papers.map(paperRecord)))
      .expect(200);
    expect(
      res.body.library.map((e: { matched_by: string; id: string }) => [e.matched_by, e.id]),
    ).toEqual(papers.map((p) => ['id', p.id]));
  });

  it('400 when nothing matched, with every reference and its reason', async () => {
    const res = await request(ctx.app)
      .post('/recommend')
      .send({ library: ['doi:10.9999/none', { title: 'Nothing like it' }] })
      .expect(400);
    expect(res.body.error).toEqual({
      code: 'empty_library',
      message: "none of the library's 2 references was found or could be embedded",
      unmatched: [
        { index: 0, reference: 'doi:10.9999/none', reason: 'no paper with DOI 10.9999/none' },
        {
          index: 1,
          reference: 'Nothing like it',
          reason:
            'no paper with title "Nothing like it"; not in the index and no abstract to embed',
        },
      ],
    });
  });

  it('413 past the reference limit, as JSON or as a file; 415 for other types', async () => {
    const many = Array.from({ length: 501 }, (_, i) => `paper ${i}`);
    const json = await request(ctx.app).post('/recommend').send({ library: many }).expect(413);
    expect(json.body.error).toEqual({
      code: 'library_too_large',
      message: 'the library holds 501 references; send at most 500 per request',
    });
    const bib = many.map((title, i) => `@misc{k${i}, title = {${title}}}`).join('\n');
    const file = await request(ctx.app)
      .post('/recommend')
      .set('Content-Type', 'application/x-bibtex')
      .send(bib)
      .expect(413);
    expect(file.body.error.code).toBe('library_too_large');
    const other = await request(ctx.app)
      .post('/recommend')
      .set('Content-Type', 'text/plain')
      .send('x')
      .expect(415);
    expect(other.body.error.message).toBe(
      'send the body as Content-Type: application/json, application/x-bibtex or application/x-research-info-systems',
    );
  });

  it('400 for a file that is not BibTeX, an empty one, or bad query options', async () => {
    const bibtex = (url: string, body: string) =>
      request(ctx.app).post(url).set('Content-Type', 'application/x-bibtex').send(body);
    expect((await bibtex('/recommend', 'TY  - JOUR\n').expect(400)).body.error).toEqual({
      code: 'invalid_library',
      message: 'library.bib: not BibTeX: no @type{…} entry in the first 1 lines',
    });
    expect((await bibtex('/recommend', '  \n').expect(400)).body.error.message).toBe(
      'the library file is empty',
    );
    const bad = await bibtex('/recommend?since=yesterday', '@misc{a, title={x}}').expect(400);
    expect(bad.body.error.message).toBe('since: must be a date as YYYY-MM-DD');
  });
});

describe('POST /library/resolve', () => {
  it('JSON: matched, embedded from an abstract, or unmatched with the reason, in order', async () => {
    const [a, b] = withDoi();
    const draft = { title: 'A draft the index lacks', abstract: b.abstract };
    const res = await request(ctx.app)
      .post('/library/resolve')
      .send({ library: [`doi:${a.doi}`, 'no such paper', draft] })
      .expect(200);
    expect(res.body.library).toEqual([
      { index: 0, matched_by: 'doi', id: a.id, title: a.title },
      { index: 2, matched_by: 'embedded', id: null, title: draft.title, abstract: b.abstract },
    ]);
    expect(res.body.unmatched).toEqual([
      { index: 1, reference: 'no such paper', reason: 'no paper with id or title "no such paper"' },
    ]);
    expect(res.body).not.toHaveProperty('results');
  });

  it('a BibTeX file: its entries matched, a bad one at its line; nothing matching is no error', async () => {
    const papers = withDoi().slice(0, 2);
    const file = `${toBibtex(papers.map(paperRecord))}\n@article{broken,\n  title = {x\n`;
    const res = await request(ctx.app)
      .post('/library/resolve')
      .set('Content-Type', 'application/x-bibtex')
      .send(file)
      .expect(200);
    expect(res.body.library.map((e: { id: string }) => e.id)).toEqual(papers.map((p) => p.id));
    expect(res.body.unmatched).toEqual([
      expect.objectContaining({ index: 2, reference: null, line: expect.any(Number) }),
    ]);
    const none = await request(ctx.app)
      .post('/library/resolve')
      .send({ library: ['doi:10.1/none'] })
      .expect(200);
    expect(none.body.library).toEqual([]);
    expect(none.body.unmatched).toHaveLength(1);
  });

  it('4xx for bad input: an empty library, an empty file, options, the wrong type', async () => {
    const post = () => request(ctx.app).post('/library/resolve');
    const empty = await post().send({ library: [] }).expect(400);
    expect(empty.body.error.code).toBe('invalid_request');
    await post()
      .send({ library: [{ title: 3 }] })
      .expect(400);
    await post()
      .send({ library: ['x'], k: 3 })
      .expect(400);
    await post().set('Content-Type', 'application/x-bibtex').send('  ').expect(400);
    await post()
      .set('Content-Type', 'application/x-research-info-systems')
      .send('no RIS')
      .expect(400);
    await post().set('Content-Type', 'text/plain').send('x').expect(415);
  });
});

describe('since and until on every endpoint', () => {
  it('GET params and body filters, validated and ordered', async () => {
    const res = await request(ctx.app)
      .get('/search?q=quantization&since=2024-01-01&until=2024-06-30&k=20')
      .expect(200);
    expect(res.body.results.length).toBeGreaterThan(0);
    for (const hit of res.body.results) {
      expect(hit.published >= '2024-01-01' && hit.published <= '2024-06-30').toBe(true);
    }
    const body = await request(ctx.app)
      .post('/search')
      .send({ query: 'quantization', filters: { since: '2024-01-01' } })
      .expect(200);
    expect(body.body.results.length).toBeGreaterThan(0);
    for (const hit of body.body.results) expect(hit.published >= '2024-01-01').toBe(true);
    const reversed = await request(ctx.app)
      .get(`/papers/${ctx.index.papers[0].id}/related?since=2024-02-01&until=2024-01-01`)
      .expect(400);
    expect(reversed.body.error.message).toBe('since: since must not be after until');
  });
});
