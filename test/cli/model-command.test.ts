import { afterAll, describe, expect, it } from 'vitest';
import { TESTED_MODELS } from '../../src/embed/model-fetch.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('paper-search model', async () => {
  const tmp = await makeTempDir('paper-search-model-');
  afterAll(() => tmp.cleanup());

  it('lists fetch and leaves the test-model generator to the workshop', () => {
    const result = runCli(['model', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: paper-search model /);
    expect(result.stdout).toMatch(/^ {2}fetch \[options\] \[model-id\]/m);
    expect(result.stdout).not.toMatch(/^ {2}make/m);
  });

  it('fetch --list prints the tested models and fetches nothing', () => {
    const result = runCli(['model', 'fetch', '--list'], { HF_ENDPOINT: 'http://127.0.0.1:9' });
    expect(result.status).toBe(0);
    for (const model of TESTED_MODELS) expect(result.stdout).toContain(model.id);
  });

  it('fetch: argument and network errors in the CLI style', () => {
    const extra = runCli(['model', 'fetch', 'a/b', 'c/d']);
    expect(extra.status).toBe(1);
    expect(extra.stderr).toMatch(/^error: too many arguments for 'fetch'/);
    expect(extra.stderr).toContain('Usage: paper-search model fetch');
    const offline = runCli(['model', 'fetch', 'a/b', '--models-dir', tmp.dir], {
      HF_ENDPOINT: 'http://127.0.0.1:9',
    });
    expect(offline.status).toBe(1);
    expect(offline.stderr).toMatch(/^paper-search: could not reach http:\/\/127\.0\.0\.1:9/);
  });
});
