import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';

export type ModelDtype = 'fp32' | 'q8';

/** ONNX file transformers.js picks for each dtype. */
export function onnxFileFor(dtype: ModelDtype): string {
  return dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

export const TOKENIZER_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

export class ModelNotFoundError extends Error {
  override name = 'ModelNotFoundError';
}

export function hasModelFiles(modelsDir: string, model: string, dtype: ModelDtype): boolean {
  return missingModelFiles(join(modelsDir, model), dtype).length === 0;
}

function missingModelFiles(folder: string, dtype: ModelDtype): string[] {
  return [...TOKENIZER_FILES, onnxFileFor(dtype)].filter((file) => !existsSync(join(folder, file)));
}

/** Fails with one message naming the folder, the missing files and how to get them. */
export function assertModelFiles(modelsDir: string, model: string, dtype: ModelDtype): string {
  const folder = join(modelsDir, model);
  const expected = [...TOKENIZER_FILES, onnxFileFor(dtype)];
  const missing = missingModelFiles(folder, dtype);
  if (missing.length > 0) {
    throw new ModelNotFoundError(
      `model ${model} (${dtype}) not found in ${folder}: missing ${missing.join(', ')}. ` +
        `Expected ${expected.join(', ')}. On a machine with network run ` +
        `\`npm run model:fetch -- ${model}${dtype === 'q8' ? ' --quantized' : ''}\`, copy a ` +
        `transformers.js model folder there, or generate a test model with \`npm run model:make-test\`.`,
    );
  }
  return folder;
}

/** SHA-256 over the files that determine the model's output, streamed (models are large). */
export async function hashModelFiles(folder: string, dtype: ModelDtype): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...TOKENIZER_FILES, onnxFileFor(dtype)]) {
    hash.update(`${file}\0`);
    for await (const chunk of createReadStream(join(folder, file))) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
