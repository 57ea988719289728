import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointTo } from '../../src/index/embedded/index-root.js';
import { NotReadyError } from '../../src/search/errors.js';
import { IndexHolder, type LoadedIndex } from '../../src/serving/index-holder.js';
import { ingest } from '../helpers/ingest.js';
import { liveLoader } from '../helpers/live-index.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import {
  buildTestIndex,
  openTestIndex,
  SAMPLE_CORPUS,
  testBackend,
  type TestIndex,
} from '../search/test-index.js';

let index: TestIndex;

beforeAll(async () => {
  index = await buildTestIndex({ embedder: 'lexical' });
});

afterAll(async () => {
  await index?.cleanup();
});

/** A real loaded index that records when it is closed. */
async function tracked(): Promise<{ loaded: LoadedIndex; closed: () => boolean }> {
  const real = await openTestIndex(index.root);
  let closed = false;
  const loaded = {
    ...real,
    close: async () => {
      closed = true;
      await real.close();
    },
  };
  return { loaded, closed: () => closed };
}

describe('IndexHolder', () => {
  it('refuses requests until an index is loaded', async () => {
    const holder = new IndexHolder(await testBackend(index.root), () => openTestIndex(index.root));
    expect(holder.loaded).toBeNull();
    await expect(holder.use((s) => s.count())).rejects.toBeInstanceOf(NotReadyError);
    await holder.load();
    expect(holder.loaded?.version).toBe('v000001');
    expect(await holder.use((s) => s.count())).toBe(index.papers.length);
    await holder.close();
  });

  it('swaps versions without disturbing a request in flight, then closes the old one', async () => {
    const first = await tracked();
    const second = await tracked();
    const holder = new IndexHolder(await testBackend(index.root), async () => first.loaded);
    await holder.load();

    let finish!: () => void;
    const inFlight = holder.use(async (service) => {
      await new Promise<void>((resolve) => (finish = resolve));
      return (await service.related(index.papers[0].id, { k: 3 })).length;
    });
    await new Promise((resolve) => setImmediate(resolve));

    const swapped = holder.swap(second.loaded);
    expect(holder.loaded).toBe(second.loaded);
    expect(first.closed()).toBe(false);

    finish();
    expect(await inFlight).toBe(3);
    await swapped;
    expect(first.closed()).toBe(true);
    expect(second.closed()).toBe(false);

    await holder.close();
    expect(second.closed()).toBe(true);
    await expect(holder.use((s) => s.count())).rejects.toThrow(/shutting down/);
  });
});

describe('IndexHolder reloads', () => {
  /** A root of its own with v000001 (the sample) published. */
  async function freshRoot(name: string): Promise<string> {
    const root = join(scratch.dir, name);
    await ingest({ indexRoot: root, inputs: [SAMPLE_CORPUS] });
    return root;
  }

  /** A holder over `root` with the loader `serve` uses. */
  async function liveHolder(root: string): Promise<IndexHolder> {
    const backend = await testBackend(root);
    return new IndexHolder(backend, liveLoader(backend));
  }

  let scratch: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    scratch = await makeTempDir();
  });
  afterAll(() => scratch?.cleanup());

  it('reports no change while CURRENT names the version served', async () => {
    const root = await freshRoot('same');
    const holder = await liveHolder(root);
    await expect(holder.reload()).rejects.toBeInstanceOf(NotReadyError);
    await holder.load();
    expect(await holder.reload()).toEqual({
      previous: 'v000001',
      current: 'v000001',
      changed: false,
    });
    await holder.close();
  });

  it('switches to a newly published version, sharing the embedder when it is the same', async () => {
    const root = await freshRoot('newer');
    const holder = await liveHolder(root);
    const first = await holder.load();
    await ingest({ indexRoot: root, inputs: [SAMPLE_CORPUS] });
    expect(await holder.reload()).toEqual({
      previous: 'v000001',
      current: 'v000002',
      changed: true,
    });
    const second = holder.loaded as LoadedIndex;
    expect(second.embedding).toBe(first.embedding);
    expect(await holder.use((s) => s.identity.indexVersion)).toBe('v000002');
    expect(await holder.use((s) => s.count())).toBe(index.papers.length);
    await holder.close();
  });

  it('loads a new embedder when the fingerprint differs (a refitted lexical model)', async () => {
    const root = await freshRoot('refit');
    const holder = await liveHolder(root);
    const first = await holder.load();
    const subset = join(scratch.dir, 'subset.jsonl');
    await writeFile(
      subset,
      index.papers
        .slice(0, 200)
        .map((p) => JSON.stringify(p))
        .join('\n'),
    );
    await ingest({ indexRoot: root, inputs: [subset] });
    await holder.reload();
    expect(holder.loaded?.embedding).not.toBe(first.embedding);
    expect(await holder.use((s) => s.count())).toBe(200);
    await holder.close();
  });

  it('keeps serving the old version when the new one fails to load', async () => {
    const root = await freshRoot('broken');
    const holder = await liveHolder(root);
    await holder.load();
    await cp(join(root, 'v000001'), join(root, 'v000002'), { recursive: true });
    await writeFile(join(root, 'v000002', 'papers.sqlite'), 'not a database');
    await pointTo(root, 'v000002');
    await expect(holder.reload()).rejects.toThrow();
    expect(holder.loaded?.version).toBe('v000001');
    expect(
      await holder.use(async (s) => (await s.related(index.papers[0].id, { k: 2 })).length),
    ).toBe(2);
    // Once a good version is published again, the next reload takes it.
    await pointTo(root, 'v000001');
    expect((await holder.reload()).changed).toBe(false);
    await holder.close();
  });

  it('lets requests in flight during a reload finish on the old version', async () => {
    const root = await freshRoot('inflight');
    const holder = await liveHolder(root);
    await holder.load();
    let finish!: () => void;
    const inFlight = holder.use(async (service) => {
      await new Promise<void>((resolve) => (finish = resolve));
      const related = await service.related(index.papers[1].id, { k: 3 });
      return [service.identity.indexVersion, related.length];
    });
    await ingest({ indexRoot: root, inputs: [SAMPLE_CORPUS] });
    await holder.reload();
    expect(await holder.use((s) => s.identity.indexVersion)).toBe('v000002');
    finish();
    expect(await inFlight).toEqual(['v000001', 3]);
    await holder.close();
  });
});
