/**
 * The one ONNX graph builder: a described network + its weights → standard
 * ONNX ops, input NCHW float32, weights in PyTorch layout (torch-layout.ts).
 * Two uses:
 * - `head: 'logits'`, no plane: the trained network, `model.onnx` for export.
 * - a plane and `head: 'loss'`: for surfaces. θ₀, d₁, d₂ are initialisers and
 *   the plane coordinates `alpha`, `beta` are inputs, so one session serves
 *   every point and ONNX Runtime forms θ₀ + α·d₁ + β·d₂ itself (only for the
 *   weights the plane moves). The loss is a stable log-softmax + NLL inside
 *   the graph; outputs are per-example `losses` and `correct` (0/1), so the
 *   exact mode sums them and the fast mode uses them as control variates.
 * BN runs in inference mode with the moving statistics; dropout is absent.
 */
import type { NetworkDescription } from '../network-description.ts';
import { tfSlice, toTorchOrder, torchEntries, type TorchEntry } from '../torch-layout.ts';
import { emitActivation } from './activation-ops.ts';
import { ElemType, OnnxGraph } from './onnx-graph.ts';

export interface GraphPlane {
  /** θ₀ in `weightLayout` order; null: the model's own weights. */
  origin: Float32Array | null;
  d1: Float32Array;
  d2: Float32Array | null;
}

export interface NetworkGraphOptions {
  /** The trained weights, flat in `weightLayout` order. */
  weights: Float32Array;
  plane?: GraphPlane;
  head: 'logits' | 'loss';
  producerVersion: string;
  docString?: string;
}

/** Input and output names of the graphs. */
export const GRAPH_NAMES = { input: 'input', labels: 'labels', alpha: 'alpha', beta: 'beta', logits: 'logits', losses: 'losses', correct: 'correct' } as const;

function isZero(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) return false;
  return true;
}

/** Writes each weight as an initialiser, or as θ₀ + (α·d₁ + β·d₂) where the plane moves it. */
function emitWeights(g: OnnxGraph, description: NetworkDescription, options: NetworkGraphOptions): Map<number, string> {
  const byIndex = new Map<number, string>();
  const plane = options.plane;
  const coordinates = plane ? { alpha: g.input(GRAPH_NAMES.alpha, ElemType.float, [1]), beta: plane.d2 ? g.input(GRAPH_NAMES.beta, ElemType.float, [1]) : null } : null;
  for (const entry of torchEntries(description)) {
    const torch = (flat: Float32Array): Float32Array => toTorchOrder(entry, tfSlice(description, entry, flat));
    const theta = torch(plane?.origin ?? options.weights);
    const d1 = plane ? torch(plane.d1) : null;
    const d2 = plane?.d2 ? torch(plane.d2) : null;
    const moves1 = d1 !== null && !isZero(d1);
    const moves2 = d2 !== null && !isZero(d2);
    if (!coordinates || (!moves1 && !moves2)) {
      byIndex.set(entry.tfIndex, g.floats(entry.name, theta, entry.torchShape));
      continue;
    }
    // The same order of operations as the TensorFlow.js perturber: θ₀ + (α·d₁ + β·d₂).
    const origin = g.floats(`${entry.name}.origin`, theta, entry.torchShape);
    const step1 = moves1 ? g.op('Mul', [g.floats(`${entry.name}.d1`, d1, entry.torchShape), coordinates.alpha]) : null;
    const step2 = moves2 ? g.op('Mul', [g.floats(`${entry.name}.d2`, d2!, entry.torchShape), coordinates.beta!]) : null;
    const step = step1 && step2 ? g.op('Add', [step1, step2]) : (step1 ?? step2)!;
    byIndex.set(entry.tfIndex, g.op('Add', [origin, step], {}, `${entry.name.replace('.', '_')}_moved`));
  }
  return byIndex;
}

function weightName(weights: Map<number, string>, index: number): string {
  const name = weights.get(index);
  if (name === undefined) throw new Error(`ONNX graph: weight ${index} was not emitted.`);
  return name;
}

/** Builds the graph; returns the encoded `ModelProto`. */
export function buildNetworkGraph(description: NetworkDescription, options: NetworkGraphOptions): Uint8Array {
  const g = new OnnxGraph('landscape_lab_network');
  const [h, w, c] = description.inputShape;
  let x = g.input(GRAPH_NAMES.input, ElemType.float, ['batch', c, h, w]);
  const weights = emitWeights(g, description, options);
  let spatial = true;
  for (const layer of description.layers) {
    switch (layer.kind) {
      case 'conv': {
        const [kh, kw] = layer.kernel;
        const inputs = [x, weightName(weights, layer.weight), ...(layer.bias === null ? [] : [weightName(weights, layer.bias)])];
        x = g.op('Conv', inputs, { kernel_shape: [kh, kw], pads: layer.pads, strides: [1, 1] }, layer.name);
        break;
      }
      case 'batchnorm': {
        const ones = (): string => g.floats(`${layer.name}.ones`, new Float32Array(layer.channels).fill(1), [layer.channels]);
        const zeros = (): string => g.floats(`${layer.name}.zeros`, new Float32Array(layer.channels), [layer.channels]);
        const scale = layer.gamma === null ? ones() : weightName(weights, layer.gamma);
        const bias = layer.beta === null ? zeros() : weightName(weights, layer.beta);
        x = g.op('BatchNormalization', [x, scale, bias, weightName(weights, layer.mean), weightName(weights, layer.variance)], { epsilon: layer.epsilon }, layer.name);
        break;
      }
      case 'activation': {
        const params: Record<string, string> = {};
        for (const [param, index] of Object.entries(layer.params)) {
          const value = weightName(weights, index);
          const size = description.layout.shapes[index]!.reduce((a, b) => a * b, 1);
          // A per-channel parameter [C] broadcasts over NCHW's axis 1 as [C, 1, 1].
          params[param] = spatial && size > 1 ? g.op('Reshape', [value, g.ints(`${layer.name}.${param}.shape`, [size, 1, 1])]) : value;
        }
        x = emitActivation(g, layer.activation, x, params);
        break;
      }
      case 'maxpool':
        x = g.op('MaxPool', [x], { kernel_shape: layer.size, strides: layer.size }, layer.name);
        break;
      case 'flatten':
        x = g.op('Flatten', [x], { axis: 1 }, layer.name);
        spatial = false;
        break;
      case 'dense': {
        const inputs = [x, weightName(weights, layer.weight), ...(layer.bias === null ? [] : [weightName(weights, layer.bias)])];
        x = g.op('Gemm', inputs, { transB: 1 }, layer.name);
        break;
      }
    }
  }
  if (options.head === 'logits') {
    g.output(x, GRAPH_NAMES.logits, ElemType.float, ['batch', description.classes]);
  } else {
    const labels = g.input(GRAPH_NAMES.labels, ElemType.int64, ['batch']);
    const logProbabilities = g.op('LogSoftmax', [x], { axis: 1 });
    const axes = g.ints('axis_1', [1]);
    const picked = g.op('GatherElements', [logProbabilities, g.op('Unsqueeze', [labels, axes])], { axis: 1 });
    const losses = g.op('Neg', [g.op('Squeeze', [picked, axes])]);
    const predicted = g.op('ArgMax', [x], { axis: 1, keepdims: 0 });
    const correct = g.op('Cast', [g.op('Equal', [predicted, labels])], { to: ElemType.float });
    g.output(losses, GRAPH_NAMES.losses, ElemType.float, ['batch']);
    g.output(correct, GRAPH_NAMES.correct, ElemType.float, ['batch']);
  }
  return g.encode(options.producerVersion, options.docString ?? '');
}

export type { TorchEntry };
