import { writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Paper,
  fromPaperRecord,
  paperRecord,
  type PaperRecord,
} from '../../../src/corpus/paper.js';
import type { IndexVersion } from '../../../src/index/backend.js';
import { embeddedBackend } from '../../../src/index/backends.js';
import type { SearchFilter } from '../../../src/index/filter.js';
import { textQuery } from '../../../src/search/lexical-query.js';
import { IndexHolder } from '../../../src/serving/index-holder.js';
import { CorruptVersionError } from '../../../src/index/embedded/version-checksums.js';
import { DELTA_FILE } from '../../../src/index/embedded/version-delta.js';
import { flipByte } from '../../helpers/damage.js';
import { ingest, SAMPLE } from '../../helpers/ingest.js';
import { liveLoader } from '../../helpers/live-index.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const FILTERS: Array<SearchFilter | undefined> = [
  undefined,
  { categories: ['cs'] },
  { yearFrom: 2020 },
  { authors: ['Someone Else'] },
];

/** Everything a version answers: vectors of every label, searches with and without filters, text. */
async function answers(
  version: IndexVersion,
  labels: number[],
  probes: Float32Array[],
  words: string[],
) {
  const out: unknown[] = [await version.records.count(), await version.vectors.size()];
  out.push(await version.vectors.vectorsOf(labels));
  for (const probe of probes)
    for (const filter of FILTERS) out.push(await version.vectors.search(probe, 10, { filter }));
  for (const word of words)
    for (const filter of FILTERS)
      out.push(await version.text.search({ terms: textQuery(word).terms }, 10, { filter }));
  return out;
}

describe('switching to an update in place', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());
  const papers = (await readFile(SAMPLE, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => fromPaperRecord(JSON.parse(line) as PaperRecord));
  const write = async (name: string, list: Paper[]) => {
    const file = join(tmp.dir, name);
    await writeFile(file, list.map((p) => JSON.stringify(paperRecord(p))).join('\n'));
    return file;
  };
  const root = join(tmp.dir, 'index');
  const backend = embeddedBackend(root, pino({ level: 'silent' }));
  const build = async (list: Paper[], update: boolean) =>
    ingest({ indexRoot: root, inputs: [await write('input.jsonl', list)], update, exactBelow: 0 });

  // 300 papers; each update drops 5, revises 5 abstracts, re-authors 5 and adds 5.
  const step = (list: Paper[], n: number): Paper[] => [
    ...list
      .slice(5)
      .map((p, i) =>
        i < 5
          ? { ...p, abstract: `${p.abstract} Revised in step ${n}, quantum graphs.` }
          : i < 10
            ? { ...p, authors: ['Someone Else'], published: '2021-06-01' }
            : p,
      ),
    ...papers.slice(300 + 5 * n, 305 + 5 * n),
  ];
  const v1 = papers.slice(0, 300);
  const v2 = step(v1, 1);
  const v3 = step(v2, 2);

  const labels = Array.from({ length: 320 }, (_, i) => i);
  const words = ['quantum graphs', 'neural network', 'revised'];
  const probesOf = async (version: IndexVersion) =>
    (await version.vectors.vectorsOf([0, 7, 42, 150, 299])).filter(
      (v): v is Float32Array => v !== null,
    );

  const opened: IndexVersion[] = [];
  const open = async (reuse?: IndexVersion) => {
    const version = await backend.open(undefined, { reuse });
    opened.push(version);
    return version;
  };
  afterAll(async () => {
    for (const version of opened) await version.close();
  });

  it('answers exactly as the same version loaded whole, through successive updates', async () => {
    await build(v1, false);
    const first = await open();
    expect(first.tookOver).toBeUndefined();
    const probes = await probesOf(first);

    await build(v2, true);
    const second = await open(first);
    expect(second.name).toBe('v000002');
    expect(second.tookOver).toBe('v000001');
    expect(await answers(second, labels, probes, words)).toEqual(
      await answers(await open(), labels, probes, words),
    );

    await build(v3, true);
    const third = await open(second);
    expect(third.tookOver).toBe('v000002');
    expect(await answers(third, labels, probes, words)).toEqual(
      await answers(await open(), labels, probes, words),
    );
  });

  it("loads whole when the served version is not the update's base, or was already taken over", async () => {
    const [, second, , , third] = opened;
    expect(third.name).toBe('v000003');
    // `second` handed its graph to the third version: it cannot be taken over again.
    expect((await open(second)).tookOver).toBeUndefined();
    expect(await backend.rollback()).toBe('v000002');
    const whole = await open();
    await build(step(v2, 3), true);
    // The new version's base is v000002: the v000003 served is not it.
    expect((await open(third)).tookOver).toBeUndefined();
    expect((await open(whole)).tookOver).toBe('v000002');
  });

  it('is what a serving reload does: the holder serves the update over the version it held', async () => {
    const holder = new IndexHolder(backend, liveLoader(backend));
    const served = await holder.load();
    const search = () => holder.use((service) => service.search('quantum graphs', { k: 5 }));
    await search();
    const list = step(step(v2, 3), 4);
    await build(list, true);
    const outcome = await holder.reload();
    expect(outcome.changed).toBe(true);
    expect(holder.loaded?.opened?.tookOver).toBe(served.version);
    const inPlace = await search();
    await holder.close();
    const fresh = new IndexHolder(backend, liveLoader(backend));
    await fresh.load();
    expect(fresh.loaded?.opened?.tookOver).toBeUndefined();
    expect(inPlace).toEqual(
      await fresh.use((service) => service.search('quantum graphs', { k: 5 })),
    );
    await fresh.close();
  });

  it('refuses a damaged delta before changing anything of the version served', async () => {
    const served = await open();
    const probes = await probesOf(served);
    const before = await answers(served, labels, probes, words);
    const { version } = await build(step(step(v2, 5), 6), true);
    await flipByte(join(root, version, DELTA_FILE));
    await expect(open(served)).rejects.toThrow(CorruptVersionError);
    expect(await answers(served, labels, probes, words)).toEqual(before);
  });
});
