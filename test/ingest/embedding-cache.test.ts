import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest, SAMPLE_SIZE } from '../helpers/ingest.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('embedding reuse across a root', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());

  it('reuses a complete version that was never published (killed between seal and publish)', async () => {
    const first = await ingest({ indexRoot: join(tmp.dir, 'a') });
    const root = join(tmp.dir, 'b');
    await mkdir(root);
    // As a kill after the build directory was renamed but before CURRENT was replaced leaves it.
    await cp(first.dir, join(root, 'v000001'), { recursive: true });
    const rerun = await ingest({ indexRoot: root });
    expect(rerun).toMatchObject({ version: 'v000002', embedded: 0, reusedEmbeddings: SAMPLE_SIZE });
  });

  it('reuses checkpoints of a build directory a killed job left', async () => {
    const first = await ingest({ indexRoot: join(tmp.dir, 'c') });
    const root = join(tmp.dir, 'd');
    await mkdir(root);
    await cp(first.dir, join(root, 'v000001.building'), { recursive: true });
    const rerun = await ingest({ indexRoot: root });
    expect(rerun).toMatchObject({ version: 'v000002', embedded: 0, reusedEmbeddings: SAMPLE_SIZE });
  });
});
