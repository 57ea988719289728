import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiKeys } from '../../src/server/api-keys.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('ApiKeys', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());

  it('accepts exactly the configured keys, whatever their lengths', () => {
    const keys = new ApiKeys(['alpha-key', 'a-much-longer-second-key-0123456789']);
    expect(keys.configured).toBe(true);
    expect(keys.accepts('alpha-key')).toBe(true);
    expect(keys.accepts('a-much-longer-second-key-0123456789')).toBe(true);
    for (const wrong of [
      '',
      'alpha',
      'alpha-key ',
      'ALPHA-KEY',
      'alpha-key-and-more',
      'x'.repeat(5000),
    ])
      expect(keys.accepts(wrong)).toBe(false);
  });

  it('with no keys accepts nothing', () => {
    const keys = new ApiKeys(['', '']);
    expect(keys.configured).toBe(false);
    expect(keys.accepts('')).toBe(false);
  });

  it('reads a key file: one per line, blanks and comments skipped, merged with listed keys', async () => {
    const file = join(tmp.dir, 'keys');
    await writeFile(file, '# operators\nfile-key-1\r\n\n  file-key-2  \n');
    const keys = ApiKeys.load(['env-key'], file);
    for (const key of ['env-key', 'file-key-1', 'file-key-2']) expect(keys.accepts(key)).toBe(true);
    expect(keys.accepts('# operators')).toBe(false);
  });
});
