/**
 * A small writer for ONNX graphs over `onnx-proto`'s protobuf types: nodes
 * with generated output names, float initialisers, cached scalar constants,
 * and the encoded `ModelProto`. Standard ONNX ops only (default domain).
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** The opset the graphs are written for (ONNX 1.12; onnxruntime 1.30 runs it, Netron opens it). */
export const ONNX_OPSET = 17;
const IR_VERSION = 8;

export const ElemType = { float: 1, int64: 7 } as const;

type Attribute = number | number[] | string;
/** A dimension: a fixed size, or a named symbolic one (`batch`). */
export type Dim = number | string;

function attribute(name: string, value: Attribute): onnxProto.onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  return Number.isInteger(value) ? { name, type: AttributeType.INT, i: value } : { name, type: AttributeType.FLOAT, f: value };
}

function valueInfo(name: string, elemType: number, dims: readonly Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

export class OnnxGraph {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly scalars = new Map<string, string>();
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(private readonly name: string) {}

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`ONNX graph: the name "${name}" is used twice.`);
    this.names.add(name);
    return name;
  }

  input(name: string, elemType: number, dims: readonly Dim[]): string {
    this.inputs.push(valueInfo(this.claim(name), elemType, dims));
    return name;
  }

  /** Marks `value` as a graph output named `name` (an Identity when the names differ). */
  output(value: string, name: string, elemType: number, dims: readonly Dim[]): void {
    if (value !== name) this.nodes.push({ opType: 'Identity', input: [value], output: [this.claim(name)], name: `${name}_out` });
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** A float32 initialiser holding `values` (copied into the model's raw data). */
  floats(name: string, values: Float32Array, dims: readonly number[]): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== values.length) throw new Error(`ONNX graph: ${name} has ${values.length} values for dims [${dims.join(', ')}].`);
    const raw = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
    this.initializers.push({ name: this.claim(name), dims: [...dims], dataType: ElemType.float, rawData: raw });
    return name;
  }

  /** An int64 initialiser (shapes for Reshape, axes). */
  ints(name: string, values: readonly number[]): string {
    const raw = new Uint8Array(new BigInt64Array(values.map((v) => BigInt(v))).buffer);
    this.initializers.push({ name: this.claim(name), dims: [values.length], dataType: ElemType.int64, rawData: raw });
    return name;
  }

  /** A float32 scalar constant, shared by every use of the same value. */
  scalar(value: number): string {
    const key = Object.is(value, -0) ? '-0' : String(value);
    const known = this.scalars.get(key);
    if (known) return known;
    const name = this.floats(`const_${this.scalars.size}`, new Float32Array([value]), []);
    this.scalars.set(key, name);
    return name;
  }

  /** Adds one node; returns its (single) output's name, `hint` plus a counter. */
  op(opType: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}, hint = opType.toLowerCase()): string {
    const output = this.claim(`${hint}_${this.counter++}`);
    this.nodes.push({
      opType,
      input: [...inputs],
      output: [output],
      name: output,
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return output;
  }

  /** Nodes added so far. */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** The encoded model, ready for onnxruntime or a `.onnx` file. */
  encode(producerVersion: string, docString = ''): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: ONNX_OPSET }],
      producerName: 'Landscape Lab',
      producerVersion,
      docString,
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
