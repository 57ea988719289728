/**
 * Dynamic int8 quantization in the form onnxruntime's quantize_dynamic writes and quantized
 * transformers.js models ship: per-tensor symmetric int8 weights; activations quantized at run
 * time by DynamicQuantizeLinear; MatMulInteger, Cast to float, and a Mul by the product of the
 * two scales. Biases stay float. onnxruntime fuses the pattern into DynamicQuantizeMatMul.
 */
import type { LinearEmitter } from './bert-graph.js';
import type { Linear } from './bert-weights.js';
import { DataType, intAttr, type GraphBuilder } from './onnx-builder.js';

export interface QuantizedTensor {
  values: Int8Array;
  scale: number;
}

/** Symmetric int8 (zero point 0) over [-127, 127], so the range is the same on both sides. */
export function quantizeSymmetric(weights: Float32Array): QuantizedTensor {
  let absMax = 0;
  for (const w of weights) absMax = Math.max(absMax, Math.abs(w));
  const scale = absMax > 0 ? absMax / 127 : 1;
  const values = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    values[i] = Math.max(-127, Math.min(127, Math.round(weights[i] / scale)));
  }
  return { values, scale: Math.fround(scale) };
}

/** Initializers of one quantized weight matrix; returns their names. */
function quantizedWeight(g: GraphBuilder, linear: Linear) {
  const { values, scale } = quantizeSymmetric(linear.weight);
  return {
    values: g.tensor(`${linear.name}.weight_quantized`, values, [linear.inputs, linear.outputs]),
    scale: g.tensor(`${linear.name}.weight_scale`, Float32Array.of(scale), []),
    zeroPoint: g.tensor(`${linear.name}.weight_zero_point`, Int8Array.of(0), []),
  };
}

/**
 * A Linear emitter for the quantized graph. Like quantize_dynamic, it quantizes each
 * activation once even when several Linears read it (query, key and value share one).
 */
export function quantizedLinear(): LinearEmitter {
  const quantizedInputs = new Map<string, string[]>();
  const quantizeInput = (g: GraphBuilder, x: string) => {
    let outputs = quantizedInputs.get(x);
    if (outputs === undefined) {
      outputs = g.node('DynamicQuantizeLinear', [x], [], { outputs: 3 });
      quantizedInputs.set(x, outputs);
    }
    return outputs;
  };
  return (g, x, linear) => {
    const [xValues, xScale, xZeroPoint] = quantizeInput(g, x);
    const w = quantizedWeight(g, linear);
    const product = g.op('MatMulInteger', [xValues, w.values, xZeroPoint, w.zeroPoint]);
    const asFloat = g.op('Cast', [product], [intAttr('to', DataType.FLOAT)]);
    const rescaled = g.op('Mul', [asFloat, g.op('Mul', [xScale, w.scale])]);
    const bias = g.tensor(`${linear.name}.bias`, linear.bias, [linear.outputs]);
    return g.op('Add', [rescaled, bias]);
  };
}
