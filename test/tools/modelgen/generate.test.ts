import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateModel,
  GENERATOR_VERSION,
  isModelCurrent,
  type GenerateResult,
} from '../../../tools/modelgen/generate.js';
import { PRESETS } from '../../../tools/modelgen/presets.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { FIXTURE_CORPUS } from './helpers.js';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('generateModel', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let first: GenerateResult;
  let second: GenerateResult;

  beforeAll(async () => {
    temp = await makeTempDir('modelgen-');
    const options = { preset: PRESETS.tiny, corpus: FIXTURE_CORPUS };
    first = await generateModel({ ...options, root: join(temp.dir, 'a') });
    second = await generateModel({ ...options, root: join(temp.dir, 'b'), id: 'other/name' });
  });

  afterAll(() => temp.cleanup());

  it('writes the Hugging Face, sentence-transformers and ONNX files', async () => {
    expect(first.dir).toBe(join(temp.dir, 'a', 'paper-search', 'tiny-bert'));
    expect(await listFiles(first.dir)).toEqual(
      [
        '1_Pooling/config.json',
        'config.json',
        'modelgen.json',
        'modules.json',
        'onnx/model.onnx',
        'onnx/model_quantized.onnx',
        'sentence_bert_config.json',
        'special_tokens_map.json',
        'tokenizer.json',
        'tokenizer_config.json',
        'vocab.txt',
      ].sort(),
    );
    expect(first.files.map((f) => f.path).sort()).toEqual(await listFiles(first.dir));
  });

  it('is deterministic: same preset and corpus, same bytes', async () => {
    for (const file of await listFiles(first.dir)) {
      const [a, b] = await Promise.all([
        readFile(join(first.dir, file)),
        readFile(join(second.dir, file)),
      ]);
      expect(a.equals(b), file).toBe(true);
    }
  });

  it('describes the model in config.json the way BERT checkpoints do', async () => {
    const config = JSON.parse(await readFile(join(first.dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      model_type: 'bert',
      hidden_act: 'gelu',
      hidden_size: 64,
      num_hidden_layers: 2,
      num_attention_heads: 2,
      intermediate_size: 128,
      max_position_embeddings: 512,
      vocab_size: first.stamp.vocabSize,
    });
    const vocabLines = (await readFile(join(first.dir, 'vocab.txt'), 'utf8')).trimEnd().split('\n');
    expect(vocabLines).toHaveLength(config.vocab_size);
  });

  it('stamps the folder so stale models can be detected', async () => {
    expect(first.stamp).toMatchObject({ generatorVersion: GENERATOR_VERSION, preset: 'tiny' });
    expect(await isModelCurrent(first.dir, PRESETS.tiny, FIXTURE_CORPUS)).toBe(true);
    expect(await isModelCurrent(first.dir, PRESETS['minilm-shaped'], FIXTURE_CORPUS)).toBe(false);
    expect(await isModelCurrent(join(temp.dir, 'missing'), PRESETS.tiny, FIXTURE_CORPUS)).toBe(
      false,
    );
  });

  it('replaces an existing folder in place', async () => {
    const again = await generateModel({
      preset: PRESETS.tiny,
      corpus: FIXTURE_CORPUS,
      root: join(temp.dir, 'a'),
    });
    expect(again.dir).toBe(first.dir);
    expect(await readdir(join(temp.dir, 'a', 'paper-search'))).toEqual(['tiny-bert']);
  });
});
