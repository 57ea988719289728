import { describe, expect, it } from 'vitest';
import type { Restriction } from '../../../../src/index/filter.js';
import { randomCorpus, randomQueries } from './corpus.js';
import { labelsOf, memoryIndex } from './helpers.js';

describe('label options', () => {
  const docs = randomCorpus(21, 1500);
  const queries = randomQueries(5, 40);
  const even = (label: number) => label % 2 === 0;

  for (const algorithm of ['block-max-wand', 'exhaustive'] as const) {
    const index = memoryIndex([docs.slice(0, 1000), docs.slice(1000)], { algorithm });
    const full = memoryIndex([docs.slice(0, 1000), docs.slice(1000)], { algorithm: 'exhaustive' });

    it(`${algorithm}: an accept predicate gives the best k that pass it`, () => {
      for (const query of queries) {
        const expected = full
          .searchLabels(query, 3000)
          .filter((r) => even(r.label))
          .slice(0, 10);
        expect(index.searchLabels(query, 10, { accept: even })).toEqual(expected);
      }
    });

    it(`${algorithm}: excluded labels never come back`, () => {
      for (const query of queries) {
        const top = labelsOf(full.searchLabels(query, 5));
        const exclude = new Set(top.slice(0, 3));
        const expected = full.searchLabels(query, 3000).filter((r) => !exclude.has(r.label));
        expect(index.searchLabels(query, 10, { exclude })).toEqual(expected.slice(0, 10));
      }
    });

    it(`${algorithm}: candidates are the only documents scored`, () => {
      const candidates = [1499, 3, 40, 41, 999, 1000, 1200, 77777];
      const allowed = new Set(candidates);
      for (const query of queries) {
        const expected = full.searchLabels(query, 3000).filter((r) => allowed.has(r.label));
        const found = index.searchLabels(query, 10, { candidates, exclude: new Set([40]) });
        expect(found).toEqual(expected.filter((r) => r.label !== 40).slice(0, 10));
      }
    });
  }

  it('a declarative filter needs a translation; exclusions work without one', async () => {
    const index = memoryIndex([docs]);
    const query = queries[0];
    await expect(index.search(query, 5, { filter: { yearFrom: 2020 } })).rejects.toThrow(
      /without a filter translation/,
    );
    const top = await index.search(query, 5, { exclude: new Set([docs[0].label]) });
    expect(labelsOf(top)).not.toContain(docs[0].label);
  });

  it('a translation turns the filter into label options', async () => {
    const toLabelOptions = (restriction?: Restriction) => ({
      accept: restriction?.filter?.yearFrom ? even : undefined,
      exclude: restriction?.exclude,
    });
    const index = memoryIndex([docs], { toLabelOptions });
    const found = await index.search(queries[1], 10, { filter: { yearFrom: 2020 } });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((r) => even(r.label))).toBe(true);
  });
});
