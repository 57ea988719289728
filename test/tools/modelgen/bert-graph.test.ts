import { InferenceSession } from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../../tools/modelgen/presets.js';
import { maxAbsDiff, rowStates, runEncoder, sampleRows, tinyModel } from './helpers.js';

describe('generated fp32 BERT graph', () => {
  const model = tinyModel();
  const rows = sampleRows(model.vocabSize);
  let session: InferenceSession;

  beforeAll(async () => {
    session = await InferenceSession.create(model.fp32, { intraOpNumThreads: 1 });
  });

  it('declares the inputs and output transformers.js feeds and reads', () => {
    expect([...session.inputNames].sort()).toEqual([
      'attention_mask',
      'input_ids',
      'token_type_ids',
    ]);
    expect(session.outputNames).toEqual(['last_hidden_state']);
  });

  it('returns finite [batch, sequence, hidden] states for a padded batch', async () => {
    const run = await runEncoder(session, rows);
    expect([run.batch, run.seq, run.dims]).toEqual([3, 12, PRESETS.tiny.hiddenSize]);
    expect(run.hidden.every(Number.isFinite)).toBe(true);
  });

  it('gives unpadded tokens the same states with or without padding in the batch', async () => {
    const padded = await runEncoder(session, rows);
    for (const [b, row] of rows.entries()) {
      const alone = await runEncoder(session, [row]);
      const diff = maxAbsDiff(rowStates(padded, b, row.length), rowStates(alone, 0, row.length));
      expect(diff).toBeLessThan(1e-4);
    }
  });

  it('lets the mask matter: the same ids unmasked give other states', async () => {
    const short = rows[1];
    const withPadTokens = await runEncoder(session, [[...short, 0, 0, 0]]);
    const alone = await runEncoder(session, [short]);
    // Feeding [PAD] ids as real tokens (mask 1) must change the result.
    expect(
      maxAbsDiff(rowStates(withPadTokens, 0, short.length), rowStates(alone, 0, short.length)),
    ).toBeGreaterThan(1e-3);
  });

  it('produces different sentence states for different token ids', async () => {
    const [first, second] = rows;
    const run = await runEncoder(session, [first, [...second, ...first].slice(0, first.length)]);
    expect(
      maxAbsDiff(rowStates(run, 0, first.length), rowStates(run, 1, first.length)),
    ).toBeGreaterThan(0.1);
  });
});
