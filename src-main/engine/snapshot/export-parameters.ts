/**
 * Flat parameter vectors (directions, centre weights) split back into one
 * tensor per weight, for the directions exports. A flat vector is every
 * weight's values concatenated in `weightNames` order, each in TensorFlow.js
 * row-major order — the layout of `RunData.checkpoints`.
 *
 * Axis order: we store tensors in TensorFlow.js order. Conv kernels are
 * [kh, kw, in, out] and dense kernels [in, units]; PyTorch keeps
 * [out, in, kh, kw] and [units, in]. For conv and dense kernels the PyTorch
 * tensor is `np.transpose(a, perm)` with perm = (r−1, r−2, 0, …, r−3) for
 * rank r: (1, 0) for dense, (2, 1, 0) for conv1d, (3, 2, 0, 1) for conv2d.
 * Depthwise kernels [kh, kw, in, multiplier] are different (PyTorch
 * [in·multiplier, 1, kh, kw]) and are not covered by that rule. Rank ≤ 1
 * tensors need nothing. The filter axis of filter normalisation is our last
 * axis, PyTorch's first: the same axis after the transpose.
 */
import { ExportError } from './export-grid.ts';

/** Directions in our flat layout; `y` is null for a 1D line. */
export interface DirectionVectors {
  weightNames: string[];
  /** TensorFlow.js shapes, one per name. */
  weightShapes: number[][];
  /** Flat, `weightNames` order; length Σ prod(shape). */
  x: Float32Array;
  y: Float32Array | null;
}

export interface ParameterTensor {
  index: number;
  name: string;
  /** TensorFlow.js shape. */
  shape: number[];
  /** Offset of the first value in the flat vector. */
  offset: number;
  size: number;
}

export const AXIS_ORDER_NOTE =
  'Tensors are in TensorFlow.js axis order (conv kernels [kh, kw, in, out], dense [in, units]); ' +
  'for PyTorch order ([out, in, kh, kw], [units, in]) apply np.transpose(a, pytorch_permutation).';

/** Offsets and sizes of each weight in the flat vector. */
export function parameterLayout(weightNames: string[], weightShapes: number[][]): ParameterTensor[] {
  if (weightNames.length !== weightShapes.length) {
    throw new ExportError(`Parameter layout: ${weightNames.length} weight names but ${weightShapes.length} shapes.`);
  }
  let offset = 0;
  return weightNames.map((name, index) => {
    const shape = weightShapes[index];
    const size = shape.reduce((a, b) => a * b, 1);
    const tensor = { index, name, shape, offset, size };
    offset += size;
    return tensor;
  });
}

/** Total number of values in a flat vector with this layout. */
export function layoutSize(layout: ParameterTensor[]): number {
  return layout.reduce((sum, t) => sum + t.size, 0);
}

/**
 * Splits a flat vector into per-weight views (no copies).
 * @param what names the vector in the error, e.g. "x direction".
 */
export function splitFlat(layout: ParameterTensor[], flat: Float32Array, what: string): Float32Array[] {
  const expected = layoutSize(layout);
  if (flat.length !== expected) {
    throw new ExportError(`The ${what} has ${flat.length} values, but the weights (${layout.length} tensors) have ${expected}.`);
  }
  return layout.map((t) => flat.subarray(t.offset, t.offset + t.size));
}

/** The permutation that takes a TensorFlow.js conv/dense kernel to PyTorch order; null for rank ≤ 1. */
export function pytorchPermutation(rank: number): number[] | null {
  if (rank <= 1) return null;
  return [rank - 1, rank - 2, ...Array.from({ length: rank - 2 }, (_, i) => i)];
}
