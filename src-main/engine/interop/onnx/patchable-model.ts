/**
 * The surface graph with every weight a constant, and the byte ranges of the
 * weights a plane moves located in the encoded model, so that a point is
 * "write θ₀ + (α·d₁ + β·d₂) into those bytes, open a session".
 *
 * Why not α, β as graph inputs (network-graph.ts's plane mode, which is one
 * session for every point)? ONNX Runtime optimises a convolution or a matrix
 * product only when its weights are constant initialisers (blocked NCHWc
 * layout, fused activations and pooling, pre-packed GEMM panels); with weights
 * computed in the graph it falls back to plain kernels, measured 1.7–2.5×
 * slower on the quick preset (forward only, constant vs computed weights). A
 * session opens in ~17 ms for the quick net; whether that pays depends on the
 * network (ort-evaluator.ts: not for long element-wise activations).
 *
 * Values are computed in float32 in the TensorFlow.js perturber's order of
 * operations, θ₀ + (α·d₁ + β·d₂), so both runtimes see the same weights.
 */
import { mulberry32 } from '../../data/seeded-random.ts';
import type { NetworkDescription } from '../network-description.ts';
import { tfSlice, toTorchOrder, torchEntries } from '../torch-layout.ts';
import { buildNetworkGraph, type GraphPlane } from './network-graph.ts';

interface Slot {
  name: string;
  /** Byte offset of the weight's raw data in the encoded model. */
  offset: number;
  theta: Float32Array;
  d1: Float32Array | null;
  d2: Float32Array | null;
}

export interface PatchableModel {
  /** The encoded model; `writePoint` rewrites the moving weights in place. */
  bytes: Uint8Array;
  slots: Slot[];
}

function isZero(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) return false;
  return true;
}

function asBytes(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Where `needle` occurs in `haystack`; throws unless exactly once. */
function locate(haystack: Uint8Array, needle: Uint8Array, what: string): number {
  const buffer = Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength);
  const first = buffer.indexOf(needle);
  if (first < 0 || buffer.indexOf(needle, first + 1) >= 0) throw new Error(`ONNX model: could not locate the raw data of ${what}.`);
  return first;
}

export function buildPatchableModel(
  description: NetworkDescription,
  options: { weights: Float32Array; plane: GraphPlane; producerVersion: string },
): PatchableModel {
  const { plane } = options;
  const base = Float32Array.from(plane.origin ?? options.weights);
  const pending: Array<Omit<Slot, 'offset'> & { marker: Uint8Array }> = [];
  for (const [k, entry] of torchEntries(description).entries()) {
    const torch = (flat: Float32Array): Float32Array => toTorchOrder(entry, tfSlice(description, entry, flat));
    const d1 = torch(plane.d1);
    const d2 = plane.d2 ? torch(plane.d2) : null;
    const moves1 = !isZero(d1);
    const moves2 = d2 !== null && !isZero(d2);
    if (!moves1 && !moves2) continue;
    const theta = torch(base);
    // A seeded random marker in place of θ₀ (distinct per weight) finds the weight's bytes.
    const slice = tfSlice(description, entry, base);
    const random = mulberry32(0x5eed + k);
    for (let i = 0; i < slice.length; i++) slice[i] = random() + 1;
    pending.push({ name: entry.name, theta, d1: moves1 ? d1 : null, d2: moves2 ? d2 : null, marker: asBytes(toTorchOrder(entry, slice)) });
  }
  const bytes = buildNetworkGraph(description, { weights: base, head: 'loss', producerVersion: options.producerVersion });
  const slots = pending.map(({ marker, ...slot }) => ({ ...slot, offset: locate(bytes, marker, slot.name) }));
  const model = { bytes, slots };
  writePoint(model, 0, 0);
  return model;
}

/** Writes the weights of point (α, β) into the model's bytes. */
export function writePoint(model: PatchableModel, alpha: number, beta: number): void {
  const a = Math.fround(alpha);
  const b = Math.fround(beta);
  for (const slot of model.slots) {
    const out = new Float32Array(slot.theta.length);
    const { theta, d1, d2 } = slot;
    for (let i = 0; i < out.length; i++) {
      const s1 = d1 ? Math.fround(d1[i]! * a) : 0;
      const s2 = d2 ? Math.fround(d2[i]! * b) : 0;
      const step = d1 && d2 ? Math.fround(s1 + s2) : d1 ? s1 : s2;
      out[i] = theta[i]! + step;
    }
    model.bytes.set(asBytes(out), slot.offset);
  }
}
