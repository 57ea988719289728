import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TESTED_MODELS } from '../../src/embed/model-fetch.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('paper-search model', async () => {
  const tmp = await makeTempDir('paper-search-model-');
  afterAll(() => tmp.cleanup());

  it('lists its two commands', () => {
    const result = runCli(['model', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: paper-search model /);
    expect(result.stdout).toMatch(/^ {2}fetch \[options\] \[model-id\]/m);
    expect(result.stdout).toMatch(/^ {2}make \[options\]/m);
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

  it('make writes a loadable model folder for a preset', async () => {
    const result = runCli(['model', 'make', '--preset', 'tiny', '--models-dir', tmp.dir]);
    expect(result.status, result.stderr).toBe(0);
    const folder = join(tmp.dir, 'paper-search', 'tiny-bert');
    expect(result.stdout).toContain(`tiny: vocabulary`);
    expect(result.stdout).toContain(`written to ${folder}`);
    const files = await readdir(folder, { recursive: true });
    expect(files).toEqual(
      expect.arrayContaining(['config.json', 'tokenizer.json', 'onnx/model.onnx']),
    );
    const config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8'));
    expect(config.model_type).toBe('bert');
  });

  it('make refuses an unknown preset, naming the choices', () => {
    const result = runCli(['model', 'make', '--preset', 'huge', '--models-dir', tmp.dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^error: option '--preset <name>' argument 'huge' is invalid\. Allowed choices are tiny, minilm-shaped\./,
    );
  });
});
