import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorruptVersionError } from '../../src/index/embedded/version-checksums.js';
import { IndexHolder } from '../../src/serving/index-holder.js';
import { reloadIndex } from '../../src/serving/reload.js';
import { runCli } from '../helpers/cli.js';
import { flipByte } from '../helpers/damage.js';
import { ingest, SAMPLE } from '../helpers/ingest.js';
import { liveLoader } from '../helpers/live-index.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { testBackend } from '../search/test-index.js';

/** A logger whose lines are kept for the test to read. */
function capturingLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('a damaged new version', async () => {
  const tmp = await makeTempDir();
  const root = join(tmp.dir, 'index');
  beforeAll(async () => {
    await ingest({ indexRoot: root });
  });
  afterAll(() => tmp.cleanup());

  it('is refused by a hot reload, which keeps serving the old version and logs why', async () => {
    const backend = await testBackend(root);
    const holder = new IndexHolder(backend, liveLoader(backend));
    await holder.load();
    try {
      const lines = (await readFile(SAMPLE, 'utf8')).split('\n').filter(Boolean);
      const changed = join(tmp.dir, 'changed.jsonl');
      const paper = JSON.parse(lines[3]) as { title: string };
      lines[3] = JSON.stringify({ ...paper, title: 'Gravitational lensing by dark matter halos' });
      await writeFile(changed, lines.join('\n'));
      await ingest({ indexRoot: root, inputs: [changed], update: true });
      // The update's own segment: the served version does not share it.
      await flipByte(join(root, 'v000002', 'text', 's000002.doc'));

      const { log, lines: logged } = capturingLog();
      await expect(reloadIndex(holder, log, 'admin')).rejects.toThrow(CorruptVersionError);
      expect(holder.loaded?.version).toBe('v000001');
      const results = await holder.use((service) => service.search('neural networks', { k: 3 }));
      expect(results.length).toBe(3);
      const entry = JSON.parse(logged.find((l) => l.includes('reload failed')) as string) as {
        serving: string;
        err: { message: string };
      };
      expect(entry.serving).toBe('v000001');
      expect(entry.err.message).toMatch(/v000002 is damaged: text\/s000002\.doc \(checksum/);

      const verify = runCli(['verify', '--index', root]);
      expect(verify.status).toBe(1);
      expect(verify.stdout).toMatch(/v000001: ok/);
      expect(verify.stdout).toMatch(
        /v000002 \(current\): DAMAGED\n {2}text\/s000002\.doc: checksum/,
      );
    } finally {
      await holder.close();
    }
  });

  it('verify exits 0 on an intact index', () => {
    const fresh = runCli(['verify', '--index', join(root, 'v000001')]);
    expect(fresh.stdout).toMatch(/^v000001 \(current\): ok, \d+ files/);
    expect(fresh.status).toBe(0);
  });
});
