import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createBuildDir,
  currentVersion,
  listBuilding,
  listVersions,
  nextVersionNumber,
  removeBuildDirs,
  publish,
  resolvePublished,
  rollback,
  versionName,
} from '../../../src/index/embedded/index-root.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

async function build(root: string, keep = 2): Promise<string> {
  const name = versionName(await nextVersionNumber(root));
  const dir = await createBuildDir(root, name);
  await writeFile(join(dir, 'manifest.json'), '{}');
  return publish(root, dir, keep);
}

describe('index root', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());

  it('publishes versions in order and points CURRENT at the newest', async () => {
    const root = join(tmp.dir, 'a');
    expect(await resolvePublished(root)).toBeNull();
    await build(root);
    await build(root);
    expect(await listVersions(root)).toEqual(['v000001', 'v000002']);
    expect(await currentVersion(root)).toBe('v000002');
    expect(await resolvePublished(root)).toBe(join(root, 'v000002'));
    expect((await readFile(join(root, 'CURRENT'), 'utf8')).trim()).toBe('v000002');
  });

  it('never exposes a build in progress, and a failed build uses no number up', async () => {
    const root = join(tmp.dir, 'b');
    await build(root);
    await createBuildDir(root, versionName(2));
    expect(await listBuilding(root)).toEqual(['v000002.building']);
    expect(await resolvePublished(root)).toBe(join(root, 'v000001'));
    expect(await nextVersionNumber(root)).toBe(2);
    await removeBuildDirs(root);
    expect(await listBuilding(root)).toEqual([]);
  });

  it('keeps the last N versions and rolls back to the previous one', async () => {
    const root = join(tmp.dir, 'c');
    for (let i = 0; i < 4; i++) await build(root, 2);
    expect(await listVersions(root)).toEqual(['v000003', 'v000004']);
    expect(await rollback(root)).toBe('v000003');
    expect(await currentVersion(root)).toBe('v000003');
    await expect(rollback(root)).rejects.toThrow(/no earlier version/);
  });

  it('serves a bare version directory as it is', async () => {
    const dir = join(tmp.dir, 'bare');
    await mkdir(dir);
    await writeFile(join(dir, 'manifest.json'), '{}');
    expect(await resolvePublished(dir)).toBe(dir);
    expect(existsSync(join(dir, 'CURRENT'))).toBe(false);
  });
});
