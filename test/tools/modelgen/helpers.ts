import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { inject } from 'vitest';
import { modelDir, MODEL_FILES } from '../../../tools/modelgen/generate.js';
import { poolBatch } from '../../../src/embed/pooling.js';

export const FIXTURE_CORPUS = new URL('fixtures/papers.jsonl', import.meta.url).pathname;

/** The tiny model the global setup generated. */
export function tinyModel() {
  const root = inject('tinyModelRoot');
  const id = inject('tinyModelId');
  const dir = modelDir(root, id);
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as {
    vocab_size: number;
  };
  return {
    root,
    id,
    dir,
    vocabSize: config.vocab_size,
    fp32: join(dir, MODEL_FILES.fp32),
    q8: join(dir, MODEL_FILES.q8),
  };
}

export interface EncoderRun {
  hidden: Float32Array;
  mask: BigInt64Array;
  batch: number;
  seq: number;
  dims: number;
}

/** Right-pads rows of token ids with [PAD] (0) into one batch and runs the encoder on it. */
export async function runEncoder(session: InferenceSession, rows: number[][]): Promise<EncoderRun> {
  const batch = rows.length;
  const seq = Math.max(...rows.map((row) => row.length));
  const ids = new BigInt64Array(batch * seq);
  const mask = new BigInt64Array(batch * seq);
  rows.forEach((row, b) =>
    row.forEach((id, t) => {
      ids[b * seq + t] = BigInt(id);
      mask[b * seq + t] = 1n;
    }),
  );
  const dims = [batch, seq];
  const outputs = await session.run({
    input_ids: new Tensor('int64', ids, dims),
    attention_mask: new Tensor('int64', mask, dims),
    token_type_ids: new Tensor('int64', new BigInt64Array(batch * seq), dims),
  });
  const output = outputs.last_hidden_state;
  return {
    hidden: output.data as Float32Array,
    mask,
    batch,
    seq,
    dims: output.dims[2],
  };
}

/** Unit-length mean-pooled sentence vectors of a run. */
export function meanPooled(run: EncoderRun): Float32Array[] {
  return poolBatch(run.hidden, run.mask, run.batch, run.seq, run.dims, 'mean');
}

/** Token states of row `b`, positions [0, length). */
export function rowStates(run: EncoderRun, b: number, length: number): Float32Array {
  const start = b * run.seq * run.dims;
  return run.hidden.subarray(start, start + length * run.dims);
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** Three id rows of different lengths, [CLS] … [SEP], using ids every vocabulary has. */
export function sampleRows(vocabSize: number): number[][] {
  const firstWord = 104; // after the BERT special-token block
  const word = (k: number) => firstWord + ((k * 37) % (vocabSize - firstWord));
  return [6, 2, 10].map((words, r) => [
    101,
    ...Array.from({ length: words }, (_, i) => word(r * 11 + i)),
    102,
  ]);
}
