import { readFile } from 'node:fs/promises';
import onnxProto from 'onnx-proto';
import { InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { dot } from '../../helpers/vectors.js';
import { PRESETS } from '../../../tools/modelgen/presets.js';
import { quantizeSymmetric } from '../../../tools/modelgen/quantize.js';
import { meanPooled, runEncoder, sampleRows, tinyModel } from './helpers.js';

describe('quantizeSymmetric', () => {
  it('maps the largest magnitude to ±127 with zero point 0 and errs by at most half a step', () => {
    const weights = Float32Array.from([0.5, -1.27, 0.013, 0, 1.0]);
    const { values, scale } = quantizeSymmetric(weights);
    expect(Math.max(...values.map(Math.abs))).toBe(127);
    expect(values[3]).toBe(0);
    weights.forEach((w, i) =>
      expect(Math.abs(values[i] * scale - w)).toBeLessThanOrEqual(scale / 2 + 1e-7),
    );
  });

  it('keeps an all-zero tensor at zero with a usable scale', () => {
    const { values, scale } = quantizeSymmetric(new Float32Array(4));
    expect([...values]).toEqual([0, 0, 0, 0]);
    expect(scale).toBeGreaterThan(0);
  });
});

describe('generated int8 model', () => {
  const model = tinyModel();

  async function opCounts(file: string): Promise<Map<string, number>> {
    const graph = onnxProto.onnx.ModelProto.decode(await readFile(file)).graph;
    const counts = new Map<string, number>();
    for (const node of graph?.node ?? [])
      counts.set(node.opType ?? '', (counts.get(node.opType ?? '') ?? 0) + 1);
    return counts;
  }

  it('replaces every weight MatMul with the dynamic quantization pattern', async () => {
    const layers = PRESETS.tiny.numLayers;
    const ops = await opCounts(model.q8);
    expect(ops.get('MatMulInteger')).toBe(6 * layers);
    // One activation quantization per distinct input: shared by Q, K and V.
    expect(ops.get('DynamicQuantizeLinear')).toBe(4 * layers);
    // Only the two attention products (QKᵀ and ·V) remain float MatMuls.
    expect(ops.get('MatMul')).toBe(2 * layers);
    expect((await opCounts(model.fp32)).get('MatMul')).toBe(8 * layers);
  });

  it('runs on a padded batch and stays close to fp32 (cosine > 0.95 on mean-pooled vectors)', async () => {
    const rows = sampleRows(model.vocabSize);
    const [fp32, q8] = await Promise.all(
      [model.fp32, model.q8].map(async (file) =>
        runEncoder(await InferenceSession.create(file, { intraOpNumThreads: 1 }), rows),
      ),
    );
    expect([q8.batch, q8.seq, q8.dims]).toEqual([fp32.batch, fp32.seq, fp32.dims]);
    expect(q8.hidden.every(Number.isFinite)).toBe(true);
    const [a, b] = [meanPooled(fp32), meanPooled(q8)];
    for (let i = 0; i < rows.length; i++) expect(dot(a[i], b[i])).toBeGreaterThan(0.95);
  });
});
