import { writeFileSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SegmentBuilder } from '../../../../src/index/embedded/text/segment-builder.js';
import { readSegment, segmentFile } from '../../../../src/index/embedded/text/segment-files.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';
import { randomCorpus } from './corpus.js';

describe('segment files', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  const docs = randomCorpus(3, 900);
  const build = (options = {}) => {
    const builder = new SegmentBuilder(options);
    for (const doc of docs) builder.add(doc);
    return builder;
  };

  it('read back exactly what the builder built in memory', () => {
    const summary = build({ spillDir: dir }).write(dir, 's000001');
    const memory = build().toSegment('s000001');
    const loaded = readSegment(dir, 's000001');
    expect(loaded.data).toEqual(memory.data);
    expect(summary).toEqual({
      name: 's000001',
      documents: 900,
      terms: memory.termCount,
      postings: memory.postings,
    });
  });

  it('come out the same when the build spills sorted runs', () => {
    build({ spillDir: dir, runPostings: 500 }).write(dir, 's000002');
    expect(readSegment(dir, 's000002').data).toEqual(build().toSegment('x').data);
  });

  it('are refused when truncated or of another kind', () => {
    build({ spillDir: dir }).write(dir, 's000003');
    const doc = segmentFile(dir, 's000003', 'doc');
    writeFileSync(doc, readFileSync(doc).subarray(0, 100));
    expect(() => readSegment(dir, 's000003')).toThrow(/s000003\.doc: .* bytes of postings/);
    writeFileSync(segmentFile(dir, 's000003', 'dict'), 'not a segment');
    expect(() => readSegment(dir, 's000003')).toThrow(/s000003\.dict: not a segment file/);
  });
});

describe('segment builder', () => {
  it('keeps the last text of a label and drops removed labels', () => {
    const builder = new SegmentBuilder();
    builder.add({ label: 7, title: 'alpha', abstract: 'first text' });
    builder.add({ label: 3, title: 'beta', abstract: 'kept' });
    builder.add({ label: 7, title: 'gamma', abstract: 'second text' });
    builder.add({ label: 9, title: 'delta', abstract: 'removed later' });
    builder.remove(9);
    builder.remove(5);
    builder.add({ label: 5, title: 'epsilon', abstract: 'added after its removal' });
    const segment = builder.toSegment('s');
    expect([...segment.data.labels]).toEqual([3, 7, 5]);
    expect(segment.termId('alpha')).toBe(-1);
    expect(segment.termId('delta')).toBe(-1);
    expect(segment.frequency(segment.termId('text'))).toBe(1);
    expect(segment.ordinalOf(7)).toBe(1);
    expect(segment.ordinalOf(9)).toBe(-1);
  });

  it('rejects labels that are not 32-bit non-negative integers', () => {
    const builder = new SegmentBuilder();
    expect(() => builder.add({ label: -1, title: 'a', abstract: 'b' })).toThrow(/label -1/);
    expect(() => builder.add({ label: 2 ** 31, title: 'a', abstract: 'b' })).toThrow(RangeError);
  });
});
