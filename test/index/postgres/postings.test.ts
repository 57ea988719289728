import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../../src/corpus/paper.js';
import { PostgresBackend } from '../../../src/index/postgres/postgres-backend.js';
import type { TextEnginePreference } from '../../../src/index/postgres/schema.js';
import type { Scored, TextIndex, TextTerm } from '../../../src/index/text-index.js';
import { textQuery } from '../../../src/search/lexical-query.js';
import { PendingText } from '../../../src/serving/pending-text.js';
import { startPglite, uniqueIndexName, type TestPostgres } from '../../helpers/postgres.js';
import { memoryIndex } from '../embedded/text/helpers.js';
import { manifestFor, publishPapers, samplePapers, vectorSpec, writePapers } from './fixture.js';

/**
 * The postings engine on a Postgres without pg_textsearch: the project's BM25 in SQL, scoring
 * as the embedded engine and the overlay's pending papers do, version by version.
 */
let server: TestPostgres;
const backends: PostgresBackend[] = [];
const papers = samplePapers(80);

beforeAll(async () => {
  server = await startPglite(['vector']);
});

afterEach(async () => {
  for (const backend of backends.splice(0)) await backend.close();
});

afterAll(async () => {
  await server?.stop();
});

async function connect(textSearch?: TextEnginePreference): Promise<PostgresBackend> {
  const backend = await PostgresBackend.connect({
    url: server.url,
    index: uniqueIndexName('postings'),
    textSearch,
  });
  backends.push(backend);
  return backend;
}

const QUERIES: TextTerm[][] = [
  textQuery('graph neural networks').terms,
  textQuery('learning representations of language with transformers').terms,
  textQuery('quantum error correction').terms,
  // Weighted terms, as "more like this" and query expansion send them; a repeated stem adds up.
  [
    { word: 'protein', stem: 'protein', weight: 2.5 },
    { word: 'structure', stem: 'structur', weight: 0.4 },
    { word: 'structures', stem: 'structur', weight: 0.6 },
    { word: 'model', stem: 'model', weight: 1.3 },
  ],
];

const docsOf = (entries: Array<{ label: number; paper: Paper }>) =>
  entries.map(({ label, paper }) => ({ label, title: paper.title, abstract: paper.abstract }));

/** Every match, best first, scores to 9 decimals so float summation order cannot reorder ties. */
function ranking(found: readonly Scored[]): Scored[] {
  return found
    .map(({ label, score }) => ({ label, score: Number(score.toFixed(9)) }))
    .sort((a, b) => b.score - a.score || a.label - b.label);
}

async function expectSameAsEmbedded(
  text: TextIndex,
  entries: Array<{ label: number; paper: Paper }>,
): Promise<void> {
  const embedded = memoryIndex([docsOf(entries)]);
  expect(await text.statistics()).toEqual(await embedded.statistics());
  for (const terms of QUERIES) {
    const want = ranking(embedded.searchLabels({ terms }, entries.length));
    expect(want.length).toBeGreaterThan(0);
    expect(ranking(await text.search({ terms }, entries.length))).toEqual(want);
    expect(await text.documentFrequencies(terms)).toEqual(
      await embedded.documentFrequencies(terms),
    );
    expect(await text.scoreCeiling(terms)).toBeCloseTo(await embedded.scoreCeiling(terms), 9);
  }
}

const labelled = (list: Paper[], from = 0) => list.map((paper, i) => ({ label: from + i, paper }));

describe('one BM25 on every engine', () => {
  it('embedded segments, Postgres postings and pending papers score one corpus identically', async () => {
    const backend = await connect();
    await publishPapers(backend, papers);
    const version = await backend.open();
    expect(version.manifest.text).toEqual({ engine: 'test' });
    await expectSameAsEmbedded(version.text, labelled(papers));

    // The overlay's scorer, holding the whole corpus over an empty base, is the third engine.
    const pending = new PendingText();
    for (const [label, paper] of papers.entries()) pending.put(label, paper.title, paper.abstract);
    const embedded = memoryIndex([docsOf(labelled(papers))]);
    for (const terms of QUERIES) {
      const base = {
        statistics: { documents: 0, averageLength: 0 },
        frequencies: terms.map(() => 0),
        ceiling: 0,
        projectBm25: true,
      };
      expect(ranking(pending.score(terms, base, () => true))).toEqual(
        ranking(embedded.searchLabels({ terms }, papers.length)),
      );
    }
  });

  it('honours exclusions and filters, and finds nothing for unknown words', async () => {
    const backend = await connect();
    await publishPapers(backend, papers);
    const version = await backend.open();
    const query = { terms: QUERIES[0] };
    const all = await version.text.search(query, 5);
    const excluded = await version.text.search(query, 5, { exclude: new Set([all[0].label]) });
    expect(excluded.map((m) => m.label)).not.toContain(all[0].label);
    expect(excluded[0]).toEqual(all[1]);
    const category = 'math.CO';
    const filtered = await version.text.search({ terms: textQuery('graph').terms }, 50, {
      filter: { categories: [category] },
    });
    expect(filtered.length).toBeGreaterThan(0);
    for (const paper of await version.records.byLabels(filtered.map((m) => m.label))) {
      expect(paper.categories).toContain(category);
    }
    expect(await version.text.search({ terms: textQuery('zzxqv qqzzv').terms }, 10)).toEqual([]);
  });
});

describe('postings follow the versions', () => {
  it('an update, a rollback and a build from the older version each score as a fresh index would', async () => {
    const backend = await connect();
    await publishPapers(backend, papers.slice(0, 60));
    const v1 = labelled(papers.slice(0, 60));

    // v2: label 0's text changes, label 1 only its record (its row is copied), 2-3 go, two arrive.
    const build = await backend.build({ fromPublished: true });
    const changed = {
      label: 0,
      paper: { ...papers[0], title: `${papers[0].title} for graph networks` },
    };
    const added = labelled(papers.slice(60, 62), 60);
    await writePapers(build, [changed, ...added]);
    await build.records.put([
      { label: 1, paper: { ...papers[1], venue: 'Elsewhere' }, contentHash: 'x', textHash: 'y' },
    ]);
    await build.records.remove([2, 3]);
    await build.text.remove([2, 3]);
    await (await build.vectors(vectorSpec())).remove([2, 3]);
    await build.publish(manifestFor(60), 5);
    const v2 = [
      changed,
      ...v1.filter((e) => e.label > 0 && e.label !== 2 && e.label !== 3),
      ...added,
    ];

    await expectSameAsEmbedded((await backend.open('v000001')).text, v1);
    await expectSameAsEmbedded((await backend.open('v000002')).text, v2);

    // Back to v1, then a build from it: v2's rows are left behind, another paper arrives.
    await backend.rollback();
    const next = await backend.build({ fromPublished: true });
    const arrived = labelled(papers.slice(70, 71), 62);
    await writePapers(next, arrived);
    await next.publish(manifestFor(61), 5);
    await expectSameAsEmbedded((await backend.open('v000003')).text, [...v1, ...arrived]);
    await expectSameAsEmbedded((await backend.open('v000002')).text, v2);
  });

  it('an abandoned build leaves the published postings as they were', async () => {
    const backend = await connect();
    await publishPapers(backend, papers.slice(0, 30));
    const build = await backend.build({ fromPublished: true });
    await writePapers(build, [
      { label: 0, paper: { ...papers[0], title: 'quantum error correction' } },
    ]);
    await build.abandon();
    await expectSameAsEmbedded((await backend.open()).text, labelled(papers.slice(0, 30)));
  });
});

describe('choosing the text engine', () => {
  it('takes the postings engine by default, ts_rank only when asked, and names pg_textsearch when it is missing', async () => {
    const auto = await (await connect()).build({ fromPublished: false });
    expect(auto.textEngine).toBe('postgres-postings-bm25');
    await auto.abandon();
    const fts = await (await connect('fts')).build({ fromPublished: false });
    expect(fts.textEngine).toBe('postgres-fts-ts_rank');
    await fts.abandon();
    await expect((await connect('bm25')).build({ fromPublished: false })).rejects.toThrow(
      /pg_textsearch/,
    );
  });
});
