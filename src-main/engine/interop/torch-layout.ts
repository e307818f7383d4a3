/**
 * Every weight of a described network in PyTorch's layout and naming: conv
 * kernels OIHW (`[out, in, kh, kw]`), dense kernels `[out, in]` with the
 * input columns in NCHW flatten order (c, h, w — TensorFlow.js flattens
 * h, w, c), BN γ/β as `weight`/`bias` and its moving statistics as the
 * buffers `running_mean`/`running_var`, activation parameters as they are.
 *
 * The ONNX graph uses the same layout (Conv takes OIHW, Gemm takes `[out, in]`
 * with transB), so the exported `model.onnx`, the generated PyTorch module's
 * state and the reference-format directions are one conversion, not three.
 * The conversion is a permutation, so it maps directions as it maps weights,
 * and a filter (TensorFlow.js's last axis) becomes PyTorch's axis 0.
 */
import type { LayerDescription, NetworkDescription } from './network-description.ts';

export interface TorchEntry {
  /** `conv1.weight`, `bn1.running_mean`, `act1.z`: the generated module's state_dict key. */
  name: string;
  /** Index of the weight in the model's `weightLayout`. */
  tfIndex: number;
  tfShape: number[];
  torchShape: number[];
  /** A parameter (in `model.parameters()`) or a buffer (BN's moving statistics). */
  kind: 'parameter' | 'buffer';
  /** For each torch-order element, the tfjs-order element it holds. */
  permutation: Uint32Array | null;
}

function convPermutation([kh, kw, cin, cout]: readonly number[]): Uint32Array {
  const out = new Uint32Array(kh! * kw! * cin! * cout!);
  let t = 0;
  for (let o = 0; o < cout!; o++)
    for (let i = 0; i < cin!; i++)
      for (let y = 0; y < kh!; y++) for (let x = 0; x < kw!; x++) out[t++] = ((y * kw! + x) * cin! + i) * cout! + o;
  return out;
}

/** Dense `[in, units]` → `[units, in]`; `flatten` (h, w, c) makes the input columns c, h, w ordered. */
function densePermutation(inputs: number, units: number, flatten: [number, number, number] | null): Uint32Array {
  const out = new Uint32Array(inputs * units);
  const row = (column: number): number => {
    if (!flatten) return column;
    const [h, w, c] = flatten;
    const channel = Math.floor(column / (h * w));
    const rest = column % (h * w);
    return rest * c + channel; // (y·w + x)·c + channel with rest = y·w + x
  };
  let t = 0;
  for (let u = 0; u < units; u++) for (let i = 0; i < inputs; i++) out[t++] = row(i) * units + u;
  return out;
}

function entriesOf(layer: LayerDescription, description: NetworkDescription, flatten: [number, number, number] | null): TorchEntry[] {
  const shapeOf = (index: number): number[] => description.layout.shapes[index]!;
  const plain = (name: string, tfIndex: number, kind: TorchEntry['kind'] = 'parameter'): TorchEntry => ({
    name: `${layer.name}.${name}`,
    tfIndex,
    tfShape: shapeOf(tfIndex),
    torchShape: shapeOf(tfIndex),
    kind,
    permutation: null,
  });
  switch (layer.kind) {
    case 'conv': {
      const [kh, kw, cin, cout] = layer.kernel;
      const weight: TorchEntry = { ...plain('weight', layer.weight), torchShape: [cout, cin, kh, kw], permutation: convPermutation(layer.kernel) };
      return [weight, ...(layer.bias === null ? [] : [plain('bias', layer.bias)])];
    }
    case 'dense': {
      const weight: TorchEntry = {
        ...plain('weight', layer.weight),
        torchShape: [layer.units, layer.inputs],
        permutation: densePermutation(layer.inputs, layer.units, flatten),
      };
      return [weight, ...(layer.bias === null ? [] : [plain('bias', layer.bias)])];
    }
    case 'batchnorm':
      return [
        ...(layer.gamma === null ? [] : [plain('weight', layer.gamma)]),
        ...(layer.beta === null ? [] : [plain('bias', layer.beta)]),
        plain('running_mean', layer.mean, 'buffer'),
        plain('running_var', layer.variance, 'buffer'),
      ];
    case 'activation':
      return Object.entries(layer.params).map(([param, index]) => plain(param, index));
    case 'maxpool':
    case 'flatten':
      return [];
  }
}

/**
 * Every weight in PyTorch terms, in the order a generated module registers
 * them: `parameters()` order is this list's parameters in order.
 */
export function torchEntries(description: NetworkDescription): TorchEntry[] {
  const entries: TorchEntry[] = [];
  let pendingFlatten: [number, number, number] | null = null;
  for (const layer of description.layers) {
    if (layer.kind === 'flatten') pendingFlatten = layer.from;
    entries.push(...entriesOf(layer, description, layer.kind === 'dense' ? pendingFlatten : null));
    if (layer.kind === 'dense') pendingFlatten = null;
  }
  return entries;
}

/** One weight (tfjs order, e.g. a view into a flat weight vector) in torch order. */
export function toTorchOrder(entry: TorchEntry, tfValues: Float32Array): Float32Array {
  if (!entry.permutation) return Float32Array.from(tfValues);
  const out = new Float32Array(entry.permutation.length);
  for (let t = 0; t < out.length; t++) out[t] = tfValues[entry.permutation[t]!]!;
  return out;
}

/** The inverse of `toTorchOrder`. */
export function fromTorchOrder(entry: TorchEntry, torchValues: Float32Array): Float32Array {
  if (!entry.permutation) return Float32Array.from(torchValues);
  const out = new Float32Array(entry.permutation.length);
  for (let t = 0; t < out.length; t++) out[entry.permutation[t]!] = torchValues[t]!;
  return out;
}

/** The values of weight `entry` inside a flat vector in `weightLayout` order (a view). */
export function tfSlice(description: NetworkDescription, entry: TorchEntry, flat: Float32Array): Float32Array {
  const start = description.layout.offsets[entry.tfIndex]!;
  const size = entry.tfShape.reduce((a, b) => a * b, 1);
  return flat.subarray(start, start + size);
}
