import { cp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedVersion } from '../../../src/index/embedded/embedded-version.js';
import {
  CorruptVersionError,
  recordChecksums,
  verifyRoot,
} from '../../../src/index/embedded/version-checksums.js';
import { readManifest } from '../../../src/index/embedded/version-files.js';
import { flipByte } from '../../helpers/damage.js';
import { ingest, SAMPLE } from '../../helpers/ingest.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('index file checksums', async () => {
  const tmp = await makeTempDir();
  const graphRoot = join(tmp.dir, 'graph');
  const exactRoot = join(tmp.dir, 'exact');
  let copies = 0;

  beforeAll(async () => {
    await ingest({ indexRoot: graphRoot, exactBelow: 0 });
    // An update changing one paper: it links the base's segment and writes one of its own.
    const lines = (await readFile(SAMPLE, 'utf8')).split('\n').filter(Boolean);
    const first = JSON.parse(lines[0]) as { title: string };
    lines[0] = JSON.stringify({ ...first, title: `${first.title} revisited` });
    const changed = join(tmp.dir, 'changed.jsonl');
    await writeFile(changed, lines.join('\n'));
    await ingest({ indexRoot: graphRoot, exactBelow: 0, inputs: [changed], update: true });
    await ingest({ indexRoot: exactRoot });
  });
  afterAll(() => tmp.cleanup());

  /** A private copy of a published version, to damage without touching the others. */
  async function copyOf(root: string, version: string): Promise<string> {
    const dir = join(tmp.dir, `copy${copies++}`);
    await cp(join(root, version), dir, { recursive: true });
    return dir;
  }

  it('records every file of a version, carrying the sums of files linked from the base', async () => {
    const base = await readManifest(join(graphRoot, 'v000001'));
    const update = await readManifest(join(graphRoot, 'v000002'));
    expect(Object.keys(update.files ?? {})).toEqual(
      expect.arrayContaining([
        'papers.sqlite',
        'vectors.hnsw',
        'text/segments.json',
        'text/s000001.doc',
      ]),
    );
    expect(update.files?.['text/s000002.doc']).toBeDefined();
    expect(update.files?.['text/s000001.doc']).toEqual(base.files?.['text/s000001.doc']);
    // The record store an update shares with its base (a hard link) keeps the base's sum.
    expect(update.files?.['papers.sqlite']).toEqual(base.files?.['papers.sqlite']);
    expect(update.files?.['papers.delta.sqlite']).toBeDefined();
    const again = await recordChecksums(join(graphRoot, 'v000002'), {
      dir: join(graphRoot, 'v000001'),
      files: base.files,
    });
    expect(again.files).toEqual(update.files);
    // The three linked files of the base's segment are not read again.
    expect(again.carried).toBeGreaterThanOrEqual(3);
    expect(await verifyRoot(graphRoot)).toEqual([
      expect.objectContaining({ name: 'v000001', current: false, problems: [] }),
      expect.objectContaining({ name: 'v000002', current: true, problems: [] }),
    ]);
  });

  const kinds: Array<[string, () => string, string]> = [
    ['graph', () => graphRoot, 'vectors.hnsw'],
    ['exact vectors', () => exactRoot, 'vectors.f32'],
    ['text postings', () => graphRoot, 'text/s000001.doc'],
    ['text frequencies', () => graphRoot, 'text/s000002.frq'],
    ['text dictionary', () => graphRoot, 'text/s000001.dict'],
    ['text deletions', () => graphRoot, 'text/s000001_1.del'],
    ['segment list', () => graphRoot, 'text/segments.json'],
    ['records', () => graphRoot, 'papers.sqlite'],
    ['records changed by an update', () => graphRoot, 'papers.delta.sqlite'],
  ];

  for (const [kind, root, file] of kinds) {
    it(`finds a flipped byte and a truncation in the ${kind} (${file})`, async () => {
      const version = root() === graphRoot ? 'v000002' : 'v000001';
      const flipped = await copyOf(root(), version);
      await flipByte(join(flipped, file));
      const [check] = await verifyRoot(flipped);
      expect(check.problems).toEqual([{ file, problem: expect.stringMatching(/^checksum /) }]);

      const cut = await copyOf(root(), version);
      const { size } = await stat(join(cut, file));
      await truncate(join(cut, file), size - 1);
      const [shorter] = await verifyRoot(cut);
      expect(shorter.problems).toEqual([
        { file, problem: `${size - 1} bytes, ${size} when published` },
      ]);

      // Loading checks every size, and hashes all but the record store SQLite pages in.
      const settings = { filterScanBelow: 100 };
      await expect(openEmbeddedVersion(cut, settings)).rejects.toThrow(CorruptVersionError);
      if (file === 'papers.sqlite') return;
      await expect(openEmbeddedVersion(flipped, settings)).rejects.toThrow(
        new RegExp(`damaged: ${file.replace('.', '\\.')} \\(checksum`),
      );
    });
  }

  it('opens an intact version, and a missing file is named', async () => {
    const intact = await copyOf(graphRoot, 'v000002');
    const version = await openEmbeddedVersion(intact, { filterScanBelow: 100 });
    await version.close();
    const missing = await copyOf(graphRoot, 'v000001');
    await truncate(join(missing, 'vectors.hnsw'), 0);
    await rm(join(missing, 'text/segments.json'));
    const [check] = await verifyRoot(missing);
    expect(check.problems.map((p) => p.file)).toEqual(['text/segments.json', 'vectors.hnsw']);
    expect(check.problems[0].problem).toBe('missing');
  });
});
