import { InferenceSession, Tensor } from 'onnxruntime-node';
import { TopK } from '../../src/index/top-k.js';
import { DataType, GraphBuilder, intAttr } from '../modelgen/onnx-builder.js';

/**
 * Exact k-nearest neighbours by inner product, the reference every recall is measured against.
 * A JavaScript scan of a million vectors per query is too slow for a thousand queries, so the bulk
 * of the work goes to ONNX Runtime as one Gemm + TopK graph over blocks of base rows; `scanNeighbours`
 * is the plain independent check of that graph.
 */
export async function exactNeighbours(
  base: Float32Array,
  queries: Float32Array,
  dims: number,
  k: number,
  blockRows = 32768,
): Promise<Int32Array> {
  const n = base.length / dims;
  const q = queries.length / dims;
  const session = await InferenceSession.create(topKGraph(dims), { graphOptimizationLevel: 'all' });
  const bestScore = new Float32Array(q * k).fill(-Infinity);
  const bestLabel = new Int32Array(q * k).fill(-1);
  try {
    const queryTensor = new Tensor('float32', queries, [q, dims]);
    for (let start = 0; start < n; start += blockRows) {
      const rows = Math.min(blockRows, n - start);
      const block = base.subarray(start * dims, (start + rows) * dims);
      const out = await session.run({
        queries: queryTensor,
        base: new Tensor('float32', block, [rows, dims]),
        k: new Tensor('int64', BigInt64Array.of(BigInt(Math.min(k, rows))), [1]),
      });
      mergeBlock(out.scores.data as Float32Array, out.indices.data as BigInt64Array, start);
    }
  } finally {
    await session.release();
  }
  return bestLabel;

  function mergeBlock(scores: Float32Array, indices: BigInt64Array, offset: number): void {
    const got = scores.length / q;
    for (let i = 0; i < q; i++) {
      const top = new TopK(k);
      for (let j = 0; j < k; j++) {
        if (bestLabel[i * k + j] >= 0) top.offer(bestLabel[i * k + j], bestScore[i * k + j]);
      }
      for (let j = 0; j < got; j++)
        top.offer(Number(indices[i * got + j]) + offset, scores[i * got + j]);
      top.sorted().forEach((hit, j) => {
        bestLabel[i * k + j] = hit.label;
        bestScore[i * k + j] = hit.score;
      });
    }
  }
}

/** Exact top-k for one query by a plain scan, labels being row numbers. */
export function scanNeighbours(
  base: Float32Array,
  dims: number,
  query: Float32Array,
  k: number,
): number[] {
  const top = new TopK(k);
  const n = base.length / dims;
  for (let row = 0; row < n; row++) {
    let dot = 0;
    const offset = row * dims;
    for (let d = 0; d < dims; d++) dot += base[offset + d] * query[d];
    top.offer(row, dot);
  }
  return top.sorted().map((hit) => hit.label);
}

/** scores = queries · baseᵀ, then the k largest per query, in one graph. */
function topKGraph(dims: number): Uint8Array {
  const g = new GraphBuilder();
  const queries = g.input('queries', DataType.FLOAT, ['q', dims]);
  const base = g.input('base', DataType.FLOAT, ['n', dims]);
  const k = g.input('k', DataType.INT64, [1]);
  const scores = g.op('Gemm', [queries, base], [intAttr('transB', 1)]);
  g.node('TopK', [scores, k], [intAttr('axis', 1), intAttr('largest', 1), intAttr('sorted', 1)], {
    outputs: ['scores', 'indices'],
  });
  g.output('scores', DataType.FLOAT, ['q', 'k']);
  g.output('indices', DataType.INT64, ['q', 'k']);
  return g.encode({ graphName: 'exact_top_k', producerVersion: '1', opset: 17, irVersion: 8 });
}
