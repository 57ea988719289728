import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTools } from '../../helpers/cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('tools model make', async () => {
  const tmp = await makeTempDir('paper-search-model-make-');
  afterAll(() => tmp.cleanup());

  it('make writes a loadable model folder for a preset', async () => {
    const result = runTools(['model', 'make', '--preset', 'tiny', '--models-dir', tmp.dir]);
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
    const result = runTools(['model', 'make', '--preset', 'huge', '--models-dir', tmp.dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^error: option '--preset <name>' argument 'huge' is invalid\. Allowed choices are tiny, minilm-shaped\./,
    );
  });
});
