import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pointTo } from '../../../src/index/embedded/index-root.js';
import { watchPointer } from '../../../src/index/embedded/pointer-watcher.js';
import { silentLog } from '../../search/test-index.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watchPointer', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());

  it('calls once per burst of pointer changes, and ignores other files', async () => {
    await pointTo(tmp.dir, 'v000001');
    let calls = 0;
    const stop = watchPointer(tmp.dir, 150, () => calls++, silentLog);
    await writeFile(join(tmp.dir, 'unrelated.txt'), 'x');
    await sleep(300);
    expect(calls).toBe(0);
    await pointTo(tmp.dir, 'v000002');
    await pointTo(tmp.dir, 'v000003');
    await sleep(500);
    expect(calls).toBe(1);
    await pointTo(tmp.dir, 'v000004');
    await sleep(500);
    expect(calls).toBe(2);
    stop();
    await pointTo(tmp.dir, 'v000005');
    await sleep(300);
    expect(calls).toBe(2);
  });

  it('a root it cannot watch is logged, not thrown', () => {
    const stop = watchPointer(join(tmp.dir, 'missing'), 100, () => {}, silentLog);
    expect(stop).toBeTypeOf('function');
    stop();
  });
});
