import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fromPaperRecord,
  paperRecord,
  type Paper,
  type PaperRecord,
} from '../../src/corpus/paper.js';
import type { Backend, IndexBuild } from '../../src/index/backend.js';
import { embeddedBackend, openBackend } from '../../src/index/backends.js';
import type { PaperChange } from '../../src/index/change-log.js';
import { changeLine, changeOf, readChangeLists } from '../../src/ingest/change-list.js';
import { compareContent, readIndexContent } from '../../tools/kill-test/index-content.js';
import { textQuery } from '../../src/search/lexical-query.js';
import { runCli } from '../helpers/cli.js';
import { ingest, SAMPLE } from '../helpers/ingest.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import type { IngestSummary } from '../../src/ingest/ingest-job.js';
import { startTestPostgres, uniqueIndexName } from '../helpers/postgres.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/corpus/${name}`, import.meta.url));

const sample = async (): Promise<Paper[]> =>
  (await readFile(SAMPLE, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => fromPaperRecord(JSON.parse(line) as PaperRecord));

const firstLine = async (file: string) => (await readFile(file, 'utf8')).split('\n')[0];

/** The paper a change-list value maps to, as `ingest --changes` reads it. */
function mapped(value: unknown): Paper {
  const change = changeOf(value, 'test', 1);
  if (!('op' in change) || change.op !== 'upsert') throw new Error('expected an upsert');
  return change.paper;
}

/**
 * A backend whose builds refuse to list the base's papers: an update by change list must look
 * papers up by id, never read the whole base.
 */
function refusingBaseScans(backend: Backend): Backend {
  const guard = (records: IndexBuild['records']) =>
    new Proxy(records, {
      get(target, key) {
        if (key === 'identities' || key === 'documents') {
          throw new Error(`the base was read through records.${String(key)}`);
        }
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return new Proxy(backend, {
    get(target, key) {
      if (key !== 'build') {
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (options: Parameters<Backend['build']>[0]) => {
        const build = await target.build(options);
        const records = guard(build.records);
        return new Proxy(build, {
          get(inner, innerKey) {
            if (innerKey === 'records') return records;
            const value: unknown = Reflect.get(inner, innerKey);
            return typeof value === 'function' ? value.bind(inner) : value;
          },
        });
      };
    },
  });
}

const tmp = await makeTempDir();
afterAll(() => tmp.cleanup());
const silent = pino({ level: 'silent' });
const papers = await sample();
const write = async (name: string, lines: string[]) => {
  const file = join(tmp.dir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
};
const base = papers.slice(0, 150);
const baseFile = await write(
  'base.jsonl',
  base.map((p) => JSON.stringify(paperRecord(p))),
);

// The change list: every kind of change, in three source formats, and malformed lines.
// The sample's first paper as the arXiv snapshot has it, with a new journal reference.
const arxivLine = JSON.stringify({
  ...(JSON.parse(await firstLine(fixture('arxiv-snapshot-real.jsonl'))) as object),
  'journal-ref': 'Phys. Rev. D 76, 013009 (2007)',
});
const openAlexLine = await firstLine(fixture('openalex-works.jsonl'));
const revised = (p: Paper): Paper => ({ ...p, abstract: `${p.abstract} Revised.` });
const changes: string[] = [
  ...base.slice(1, 5).map((p) => changeLine({ op: 'delete', id: p.id })),
  ...base.slice(5, 8).map((p) => changeLine({ op: 'upsert', paper: revised(p) })),
  ...base
    .slice(8, 10)
    .map((p) => changeLine({ op: 'upsert', paper: { ...p, authors: ['Someone Else'] } })),
  // Unchanged, though named.
  changeLine({ op: 'upsert', paper: base[10] }),
  // Removed, then back as it was: the paper keeps its label and vector.
  changeLine({ op: 'delete', id: base[11].id }),
  changeLine({ op: 'upsert', paper: base[11] }),
  // Changed twice: the last state wins.
  changeLine({ op: 'upsert', paper: revised(base[12]) }),
  changeLine({ op: 'upsert', paper: { ...base[12], title: `${base[12].title} (v2)` } }),
  // An arXiv snapshot record for the sample's first paper, and an OpenAlex work (new).
  arxivLine,
  openAlexLine,
  ...papers.slice(150, 155).map((p) => changeLine({ op: 'upsert', paper: p })),
  // Removing a paper the index does not hold changes nothing.
  changeLine({ op: 'delete', id: 'no-such-paper' }),
  '{"title": "no abstract"',
  '{"id": "x", "deleted": "yes"}',
  '{"deleted": true}',
  '{"id": "y", "title": "A title"}',
];
const changeFile = await write('changes.jsonl', changes);

// The same end state as a whole corpus, new papers in the change list's order.
const endState: Paper[] = [
  mapped(JSON.parse(arxivLine)),
  ...base.slice(5, 8).map(revised),
  ...base.slice(8, 10).map((p) => ({ ...p, authors: ['Someone Else'] })),
  base[10],
  base[11],
  { ...base[12], title: `${base[12].title} (v2)` },
  ...base.slice(13),
  mapped(JSON.parse(openAlexLine)),
  ...papers.slice(150, 155),
];
const endFile = await write(
  'end-state.jsonl',
  endState.map((p) => JSON.stringify(paperRecord(p))),
);

const labelSet = (hits: ReadonlyArray<{ label: number }>) =>
  hits.map((hit) => hit.label).sort((x, y) => x - y);

/** Text queries whose matches must agree: the revised word, removed, changed and new titles. */
const queries = [
  'revised',
  base[1].title,
  `${base[12].title} v2`,
  endState[0].title,
  papers[152].title,
  'quantum chromodynamics photon',
];

/** Two indexes of one backend kind, each opened fresh: one updated by list, one by re-ingest. */
interface Pair {
  open(which: 'changes' | 'reingest'): Promise<Backend>;
  /** What the embedded backend alone can compare besides: its stores in label order. */
  roots?: { changes: string; reingest: string };
  /**
   * Whether equal contents score text matches equally. pg_textsearch keeps its statistics over
   * every row version of a generation, so there the scores depend on the history of changes.
   */
  sameTextScores: boolean;
  cleanup(): Promise<void>;
}

const kinds: Array<[string, () => Promise<Pair>]> = [
  [
    'embedded',
    async () => {
      const roots = {
        changes: join(tmp.dir, 'by-changes'),
        reingest: join(tmp.dir, 'by-reingest'),
      };
      return {
        open: async (which) => embeddedBackend(roots[which], silent),
        roots,
        sameTextScores: true,
        cleanup: async () => {},
      };
    },
  ],
  [
    'postgres',
    async () => {
      const postgres = await startTestPostgres();
      const names = { changes: uniqueIndexName('changes'), reingest: uniqueIndexName('reingest') };
      return {
        open: (which) =>
          openBackend(
            { backend: postgres.url, index: names[which] },
            { filterScanBelow: 2000, log: silent },
          ),
        sameTextScores: false,
        cleanup: postgres.stop,
      };
    },
  ],
];

describe.each(kinds)('ingest --update --changes on the %s backend', (_kind, setUp) => {
  let pair: Pair;
  let applied: IngestSummary;
  let reingest: IngestSummary;
  const opened: Backend[] = [];
  const open = async (which: 'changes' | 'reingest') => {
    const backend = await pair.open(which);
    opened.push(backend);
    return backend;
  };

  beforeAll(async () => {
    pair = await setUp();
    await ingest({ backend: await open('changes'), inputs: [baseFile] });
    await ingest({ backend: await open('reingest'), inputs: [baseFile] });
    reingest = await ingest({ backend: await open('reingest'), inputs: [endFile], update: true });
    applied = await ingest({
      backend: refusingBaseScans(await open('changes')),
      inputs: [changeFile],
      changes: readChangeLists([changeFile]),
      update: true,
    });
  }, 240_000);

  afterAll(async () => {
    for (const backend of opened) await backend.close();
    await pair?.cleanup();
  });

  it('reports the same differences as a re-ingest of the end state, without reading the base', () => {
    expect(applied.diff).toEqual({ added: 6, changed: 7, unchanged: 139, removed: 4 });
    expect(applied.diff).toEqual(reingest.diff);
    expect(applied).toMatchObject({
      build: { kind: 'update', vectors: 'carried' },
      ingested: endState.length,
      embedded: reingest.embedded,
      carried: reingest.carried,
      lexicalDrift: { refitted: false },
    });
    expect(applied.skipped).toEqual({
      'invalid JSON': 1,
      'a removal without a string id': 1,
      'missing title': 1,
      'missing abstract': 1,
    });
  });

  it('publishes the same ids, labels, records, vectors, text matches and corpus checksum', async () => {
    const [a, b] = [await (await open('changes')).open(), await (await open('reingest')).open()];
    try {
      expect(a.manifest.corpus.checksum).toBe(b.manifest.corpus.checksum);
      expect(a.manifest.count).toBe(endState.length);
      expect(a.manifest.nextLabel).toBe(b.manifest.nextLabel);
      for (const paper of endState) {
        const [x, y] = [
          await a.records.find({ id: paper.id }),
          await b.records.find({ id: paper.id }),
        ];
        expect(x).toEqual(y);
        expect(x).toMatchObject({ id: paper.id, title: paper.title, authors: paper.authors });
        const label = (x as { label: number }).label;
        expect(await a.vectors.vectorsOf([label])).toEqual(await b.vectors.vectorsOf([label]));
      }
      for (const gone of base.slice(1, 5)) expect(await a.records.find({ id: gone.id })).toBeNull();
      for (const query of queries) {
        const terms = { terms: textQuery(query).terms };
        const [x, y] = [await a.text.search(terms, 500), await b.text.search(terms, 500)];
        if (pair.sameTextScores) expect(x).toEqual(y);
        else expect(labelSet(x)).toEqual(labelSet(y));
      }
      const revisedHits = await a.text.search({ terms: textQuery('revised').terms }, 30);
      expect(revisedHits.length).toBeGreaterThanOrEqual(3);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('equals the re-ingest store for store, in label order (embedded)', async () => {
    if (!pair.roots) return;
    const [got, want] = [
      await readIndexContent(pair.roots.changes),
      await readIndexContent(pair.roots.reingest),
    ];
    expect(got.papers).toHaveLength(endState.length);
    expect(compareContent(got, want, 0)).toEqual([]);
  });

  it('leaves alone the papers the list does not name: same labels, records and vectors', async () => {
    const backend = await open('changes');
    const [before, after] = await Promise.all([backend.open('v000001'), backend.open('v000002')]);
    try {
      for (const paper of base.slice(13, 40)) {
        const [x, y] = [
          await before.records.find({ id: paper.id }),
          await after.records.find({ id: paper.id }),
        ];
        expect(y).toEqual(x);
        const label = (x as { label: number }).label;
        expect(await after.vectors.vectorsOf([label])).toEqual(
          await before.vectors.vectorsOf([label]),
        );
      }
    } finally {
      await before.close();
      await after.close();
    }
  });
});

describe('paper-search ingest --update --changes', () => {
  it('reports malformed lines as file:line: reason and exits 0; refuses --changes without --update', async () => {
    const root = join(tmp.dir, 'cli');
    await ingest({ indexRoot: root, inputs: [baseFile] });
    const result = runCli([
      'ingest',
      '--index',
      root,
      '--embedder',
      'lexical',
      '--update',
      '--changes',
      changeFile,
    ]);
    expect(result.stderr).toMatch(/changes\.jsonl:\d+: invalid JSON/);
    expect(result.stderr).toContain(
      `changes.jsonl:${changes.length - 1}: a removal without a string id`,
    );
    expect(result.stderr).toContain(`changes.jsonl:${changes.length}: missing abstract`);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/added 6, changed 7, unchanged 139, removed 4/);
    const refused = runCli(['ingest', '--index', root, '--changes', changeFile]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/--changes applies with --update/);
  });

  it('builds an index from a change list when none is published yet', async () => {
    const root = join(tmp.dir, 'fresh');
    const list: PaperChange[] = papers.slice(0, 40).map((paper) => ({ op: 'upsert', paper }));
    const summary = await ingest({ indexRoot: root, inputs: ['api'], changes: list });
    expect(summary).toMatchObject({
      build: { kind: 'full', base: null },
      ingested: 40,
      diff: { added: 40, changed: 0, unchanged: 0, removed: 0 },
    });
    const second = await ingest({
      indexRoot: root,
      inputs: ['api'],
      changes: [{ op: 'delete', id: papers[0].id }],
    });
    expect(second).toMatchObject({ ingested: 39, diff: { removed: 1, unchanged: 39 } });
  });
});
