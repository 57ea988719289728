import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotReadyError } from '../../src/search/errors.js';
import { IndexHolder, type LoadedIndex } from '../../src/search/index-holder.js';
import { buildTestIndex, openTestIndex, type TestIndex } from './test-index.js';

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
    const holder = new IndexHolder((root) => openTestIndex(root));
    expect(holder.loaded).toBeNull();
    await expect(holder.use((s) => s.count)).rejects.toBeInstanceOf(NotReadyError);
    await holder.load(index.root);
    expect(holder.loaded?.version).toBe('v000001');
    expect(await holder.use((s) => s.count)).toBe(index.papers.length);
    await holder.close();
  });

  it('swaps versions without disturbing a request in flight, then closes the old one', async () => {
    const first = await tracked();
    const second = await tracked();
    const holder = new IndexHolder(async () => first.loaded);
    await holder.load(index.root);

    let finish!: () => void;
    const inFlight = holder.use(async (service) => {
      await new Promise<void>((resolve) => (finish = resolve));
      return service.related(index.papers[0].id, { k: 3 }).length;
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
    await expect(holder.use((s) => s.count)).rejects.toThrow(/shutting down/);
  });
});
