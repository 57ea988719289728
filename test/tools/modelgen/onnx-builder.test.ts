import onnxProto from 'onnx-proto';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { DataType, GraphBuilder, intsAttr } from '../../../tools/modelgen/onnx-builder.js';

const META = { graphName: 'test', producerVersion: '0', opset: 17, irVersion: 8 };

describe('GraphBuilder', () => {
  it('names nodes by scope and op, unique within a scope', () => {
    const g = new GraphBuilder();
    g.input('x', DataType.FLOAT, [2]);
    const [a, b] = g.within('/block', () => [g.op('Relu', ['x']), g.op('Relu', ['x'])]);
    expect([a, b]).toEqual(['/block/Relu_output_0', '/block/Relu_1_output_0']);
  });

  it('shares one initializer between identical constants', () => {
    const g = new GraphBuilder();
    expect(g.int64s([0, 0, 4])).toBe(g.int64s([0, 0, 4]));
    expect(g.scalar(1)).not.toBe(g.scalar(2));
  });

  it('rejects a tensor whose values do not fill its shape', () => {
    expect(() => new GraphBuilder().tensor('w', new Float32Array(5), [2, 3])).toThrow(/5 values/);
  });

  it('encodes a model onnxruntime runs, with symbolic dimensions kept', async () => {
    const g = new GraphBuilder();
    g.input('x', DataType.FLOAT, ['batch', 3]);
    g.output('y', DataType.FLOAT, ['batch', 3]);
    const scaled = g.op('Mul', ['x', g.tensor('w', Float32Array.of(1, 2, 3), [3])]);
    g.node(
      'Transpose',
      [g.op('Unsqueeze', [scaled, g.int64s([0])])],
      [intsAttr('perm', [0, 1, 2])],
      {
        outputs: ['y3d'],
      },
    );
    g.node('Squeeze', ['y3d', g.int64s([0])], [], { outputs: ['y'] });
    const bytes = g.encode(META);

    const decoded = onnxProto.onnx.ModelProto.decode(bytes);
    expect(decoded.graph?.input?.[0].type?.tensorType?.shape?.dim?.[0].dimParam).toBe('batch');

    const session = await InferenceSession.create(bytes);
    const { y } = await session.run({
      x: new Tensor('float32', Float32Array.of(1, 1, 1, 2, 2, 2), [2, 3]),
    });
    expect([...(y.data as Float32Array)]).toEqual([1, 2, 3, 2, 4, 6]);
  });
});
