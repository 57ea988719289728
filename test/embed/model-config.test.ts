import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveModelUsage } from '../../src/embed/model-config.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('resolveModelUsage', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());
  const empty = join(tmp.dir, 'empty');
  await mkdir(empty);

  it('uses family defaults when the folder has no sentence-transformers files', () => {
    expect(resolveModelUsage(empty, 'Xenova/bge-small-en-v1.5')).toMatchObject({
      pooling: 'cls',
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
      documentPrefix: '',
    });
    expect(resolveModelUsage(empty, 'Xenova/e5-small-v2')).toMatchObject({
      pooling: 'mean',
      queryPrefix: 'query: ',
      documentPrefix: 'passage: ',
    });
    expect(resolveModelUsage(empty, 'Xenova/all-MiniLM-L6-v2')).toMatchObject({
      pooling: 'mean',
      maxLength: 256,
    });
  });

  it('prefers the folder files, then explicit overrides, capped by the tokenizer limit', async () => {
    const folder = join(tmp.dir, 'st');
    await mkdir(join(folder, '1_Pooling'), { recursive: true });
    await writeFile(
      join(folder, 'modules.json'),
      JSON.stringify([
        { path: '', type: 'sentence_transformers.models.Transformer' },
        { path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
      ]),
    );
    await writeFile(
      join(folder, '1_Pooling', 'config.json'),
      JSON.stringify({ pooling_mode_cls_token: true }),
    );
    await writeFile(
      join(folder, 'sentence_bert_config.json'),
      JSON.stringify({ max_seq_length: 384 }),
    );
    await writeFile(
      join(folder, 'tokenizer_config.json'),
      JSON.stringify({ model_max_length: 128 }),
    );
    expect(resolveModelUsage(folder, 'some/model')).toMatchObject({
      pooling: 'cls',
      maxLength: 128,
    });
    expect(resolveModelUsage(folder, 'some/model', { pooling: 'mean' }).pooling).toBe('mean');
  });
});
