import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFolderAtomically } from '../../../tools/modelgen/folder-writer.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('writeFolderAtomically', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir('folder-writer-');
  });
  afterEach(() => temp.cleanup());

  it('writes nested files and reports their sizes', async () => {
    const dir = join(temp.dir, 'model');
    const written = await writeFolderAtomically(
      dir,
      new Map<string, string | Uint8Array>([
        ['a.json', '{}\n'],
        ['onnx/model.onnx', Uint8Array.of(1, 2, 3)],
      ]),
    );
    expect(written).toEqual([
      { path: 'a.json', bytes: 3 },
      { path: 'onnx/model.onnx', bytes: 3 },
    ]);
    expect(await readFile(join(dir, 'onnx/model.onnx'))).toEqual(Buffer.from([1, 2, 3]));
  });

  it('replaces the whole folder, dropping files the new set lacks, and leaves no staging behind', async () => {
    const dir = join(temp.dir, 'model');
    await writeFolderAtomically(dir, new Map([['old.txt', 'old']]));
    await writeFolderAtomically(dir, new Map([['new.txt', 'new']]));
    expect(await readdir(dir)).toEqual(['new.txt']);
    expect(await readdir(temp.dir)).toEqual(['model']);
  });

  it('survives concurrent writers of the same folder: one complete set wins', async () => {
    const dir = join(temp.dir, 'model');
    const sets = ['a', 'b', 'c'].map(
      (tag) =>
        new Map([
          ['1.txt', tag],
          ['2.txt', tag],
        ]),
    );
    await Promise.all(sets.map((files) => writeFolderAtomically(dir, files)));
    const [one, two] = await Promise.all(
      ['1.txt', '2.txt'].map((f) => readFile(join(dir, f), 'utf8')),
    );
    expect(one).toBe(two);
    expect(await readdir(temp.dir)).toEqual(['model']);
  });
});
