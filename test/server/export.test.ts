import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { readBibtex } from '../../src/corpus/bibtex-reader.js';
import { readCsv } from '../../src/corpus/csv-reader.js';
import { paperRecord, type Paper, type PaperRecord } from '../../src/corpus/paper.js';
import type { CorpusEvent } from '../../src/corpus/reader.js';
import { readRis } from '../../src/corpus/ris-reader.js';
import { citationKeys } from '../../src/export/citation-keys.js';
import { fileSlug } from '../../src/server/export-response.js';
import { collect } from '../corpus/helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { useLexicalApp } from './test-app.js';

const ctx = useLexicalApp();
const tmp = await makeTempDir('paper-search-export-');
afterAll(() => tmp.cleanup());

/** Every event a paper (a skip would be an entry the export wrote wrong), as records. */
async function records(events: AsyncIterable<CorpusEvent>): Promise<PaperRecord[]> {
  const all = await collect(events);
  expect(all.filter((event) => event.kind === 'skip')).toEqual([]);
  return all.flatMap((event) => (event.kind === 'paper' ? [paperRecord(event.paper)] : []));
}

const inIndex = (ids: string[]) =>
  ids.map((id) => paperRecord(ctx.index.papers.find((p) => p.id === id) as Paper));

/** What a reader derives as the id when the format carries none: arXiv id, DOI, else a key. */
const readerId = (record: PaperRecord, key: string) =>
  record.arxiv_id ?? (record.doi ? `doi:${record.doi}` : key);

describe('results as files a reference manager imports', () => {
  it('format=bibtex on /search: an attachment the BibTeX reader reads back whole', async () => {
    const json = await request(ctx.app).get('/search?q=quantization&k=8').expect(200);
    const res = await request(ctx.app).get('/search?q=quantization&k=8&format=bibtex').expect(200);
    expect(res.headers['content-type']).toBe('application/x-bibtex; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=search-quantization.bib');
    const expected = inIndex(json.body.results.map((r: { id: string }) => r.id));
    const keys = citationKeys(expected);
    const back = await records(readBibtex({ name: 'export.bib', text: res.text }));
    expect(back).toEqual(
      expected.map((record, i) => ({
        ...record,
        id: readerId(record, keys[i]),
        categories: record.arxiv_id ? record.categories.slice(0, 1) : [],
      })),
    );
  });

  it('format=ris on related papers: read back with the paper ids', async () => {
    const id = ctx.index.papers[3].id;
    const json = await request(ctx.app).get(`/papers/${id}/related?k=6`).expect(200);
    const res = await request(ctx.app).get(`/papers/${id}/related?k=6&format=ris`).expect(200);
    expect(res.headers['content-type']).toBe('application/x-research-info-systems; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename=related-${fileSlug(id)}.ris`,
    );
    const expected = inIndex(json.body.results.map((r: { id: string }) => r.id));
    const back = await records(readRis({ name: 'export.ris', text: res.text }));
    expect(back).toEqual(
      expected.map((record) => ({ ...record, id: readerId(record, record.id), categories: [] })),
    );
  });

  it('Accept: text/csv on a recommendation: every record unchanged through the CSV reader', async () => {
    const positive = [ctx.index.papers[0].id, ctx.index.papers[1].id];
    const json = await request(ctx.app).post('/recommend').send({ positive, k: 5 }).expect(200);
    const res = await request(ctx.app)
      .post('/recommend')
      .set('Accept', 'text/csv')
      .send({ positive, k: 5 })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=recommendations.csv');
    const file = join(tmp.dir, 'export.csv');
    await writeFile(file, res.text);
    expect(await records(readCsv(file))).toEqual(
      inIndex(json.body.results.map((r: { id: string }) => r.id)),
    );
  });

  it('JSON unless asked: a browser-like Accept, a wildcard; format= wins over Accept', async () => {
    for (const accept of ['*/*', 'text/html,application/xhtml+xml,*/*;q=0.8', 'image/png']) {
      const res = await request(ctx.app)
        .get('/search?q=graph&k=2')
        .set('Accept', accept)
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
    const res = await request(ctx.app)
      .get('/search?q=graph&k=2&format=ris')
      .set('Accept', 'application/x-bibtex')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-research-info-systems/);
    await request(ctx.app).get('/search?q=graph&format=pdf').expect(400);
  });

  it('results carry what an export and the page need', async () => {
    const res = await request(ctx.app).get('/search?q=quantization&k=3').expect(200);
    for (const hit of res.body.results) {
      const paper = paperRecord(ctx.index.papers.find((p) => p.id === hit.id)!);
      expect(hit).toMatchObject({
        categories: paper.categories,
        doi: paper.doi,
        arxiv_id: paper.arxiv_id,
        venue: paper.venue,
        keywords: paper.keywords,
      });
    }
  });
});
