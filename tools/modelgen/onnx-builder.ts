/**
 * A small ONNX graph builder over onnx-proto: named inputs, initializers, nodes with
 * export-style names (`/encoder/layer.0/attention/MatMul`), and encoding to model bytes.
 */
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';

// onnx-proto is CommonJS: its namespace arrives as a property of the default export.
const proto = onnxProto.onnx;

export const DataType = proto.TensorProto.DataType;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** A symbolic dimension is named (e.g. "batch_size"), a fixed one is a number. */
export type Dim = number | string;

export type TensorValues = Float32Array | Int8Array | Uint8Array | BigInt64Array;

const ATTR = proto.AttributeProto.AttributeType;

export function intAttr(name: string, i: number): onnx.IAttributeProto {
  return { name, type: ATTR.INT, i };
}

export function intsAttr(name: string, ints: number[]): onnx.IAttributeProto {
  return { name, type: ATTR.INTS, ints };
}

export function floatAttr(name: string, f: number): onnx.IAttributeProto {
  return { name, type: ATTR.FLOAT, f };
}

function dataTypeOf(values: TensorValues): DataTypeCode {
  if (values instanceof Float32Array) return DataType.FLOAT;
  if (values instanceof Int8Array) return DataType.INT8;
  if (values instanceof Uint8Array) return DataType.UINT8;
  return DataType.INT64;
}

/** ONNX raw_data is little-endian, as are the typed arrays on every platform Node targets. */
function rawBytes(values: TensorValues): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function valueInfo(name: string, elemType: DataTypeCode, dims: Dim[]): onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

export interface NodeOptions {
  /** Output tensor names; by default one output named after the node. */
  outputs?: number | string[];
  domain?: string;
}

export interface ModelMeta {
  graphName: string;
  producerVersion: string;
  opset: number;
  irVersion: number;
  docString?: string;
}

export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly nameCounts = new Map<string, number>();
  private readonly constants = new Map<string, string>();
  private readonly scopes: string[] = [];

  input(name: string, elemType: DataTypeCode, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  output(name: string, elemType: DataTypeCode, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** Adds a named initializer (a weight) and returns its name. */
  tensor(name: string, values: TensorValues, dims: number[]): string {
    const expected = dims.reduce((a, b) => a * b, 1);
    if (expected !== values.length) throw new Error(`${name}: ${values.length} values for ${dims}`);
    this.initializers.push({ name, dims, dataType: dataTypeOf(values), rawData: rawBytes(values) });
    return name;
  }

  /** A small shared constant; identical values reuse one initializer. */
  constant(values: TensorValues, dims: number[] = [values.length]): string {
    const key = `${dataTypeOf(values)}:${dims}:${values.join(',')}`;
    let name = this.constants.get(key);
    if (name === undefined) {
      name = this.tensor(`const_${this.constants.size}`, values, dims);
      this.constants.set(key, name);
    }
    return name;
  }

  int64s(values: number[], dims: number[] = [values.length]): string {
    return this.constant(BigInt64Array.from(values, BigInt), dims);
  }

  scalar(value: number): string {
    return this.constant(Float32Array.of(value), []);
  }

  /** Runs `build` with node names prefixed by `scope`, like a PyTorch module path. */
  within<T>(scope: string, build: () => T): T {
    this.scopes.push(scope);
    try {
      return build();
    } finally {
      this.scopes.pop();
    }
  }

  /** Adds a node and returns its output names. */
  node(
    opType: string,
    inputs: string[],
    attribute: onnx.IAttributeProto[] = [],
    options: NodeOptions = {},
  ): string[] {
    const name = this.uniqueName(`${this.scopes.join('')}/${opType}`);
    const spec = options.outputs ?? 1;
    const output =
      typeof spec === 'number'
        ? Array.from({ length: spec }, (_, i) => `${name}_output_${i}`)
        : spec;
    this.nodes.push({
      name,
      opType,
      input: inputs,
      output,
      attribute,
      domain: options.domain ?? '',
    });
    return output;
  }

  /** Single-output shorthand for `node`. */
  op(opType: string, inputs: string[], attribute: onnx.IAttributeProto[] = []): string {
    return this.node(opType, inputs, attribute)[0];
  }

  encode(meta: ModelMeta): Uint8Array {
    const graph: onnx.IGraphProto = {
      name: meta.graphName,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
    };
    return proto.ModelProto.encode({
      irVersion: meta.irVersion,
      opsetImport: [{ domain: '', version: meta.opset }],
      producerName: 'paper-search-modelgen',
      producerVersion: meta.producerVersion,
      docString: meta.docString ?? '',
      graph,
    }).finish();
  }

  private uniqueName(base: string): string {
    const count = this.nameCounts.get(base) ?? 0;
    this.nameCounts.set(base, count + 1);
    return count === 0 ? base : `${base}_${count}`;
  }
}
