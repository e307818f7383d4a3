/**
 * Seeded Gaussian random directions in weight space, normalised as Li et al.
 * (2018) do (`net_plotter.py`: `get_random_weights`, `normalize_direction`,
 * `normalize_directions_for_weights`), over flat vectors in `readAllWeights`
 * layout.
 *
 * The Gaussians come from a JS PRNG seeded per (seed, axis, weight index),
 * never from `tf.randomNormal`, so a direction is the same on every backend,
 * in every process, and does not shift when a weight is added elsewhere.
 *
 * Filter normalisation: a filter is one index of the LAST axis (TensorFlow.js
 * kernels are conv `[kh, kw, in, out]`, dense `[in, units]`; the reference's
 * PyTorch weights have it first). Each filter's slice d_f becomes
 * d_f · ‖w_f‖ / (‖d_f‖ + 1e-10), the reference's formula. `layer` scales the
 * whole tensor (d · ‖w‖ / ‖d‖, no 1e-10, as the reference); `none` leaves
 * the N(0, 1) draws as they are (the reference's `normalize_direction` has
 * no branch for it either).
 */
import type { Normalization } from '../../contract.ts';
import { gaussian, hashSeed, mulberry32 } from '../data/seeded-random.ts';
import type { WeightLayout } from '../training/weights.ts';
import { assertLayoutSize, weightRange, weightRoles } from './weight-roles.ts';

export interface RandomDirectionOptions {
  seed: number;
  /** Plane axis (0 = x, 1 = y): each axis draws from its own stream of the same seed. Default 0. */
  axis?: number;
  normalization: Normalization;
  /** `biasbn`: rank ≤ 1 parameters get a zero direction; `none`: their direction is the parameter itself. */
  ignore: 'biasbn' | 'none';
  /**
   * Trainable activation parameters: `fixed` → zero direction. `move` → with
   * `ignore: none`, the parameter itself (like every rank ≤ 1 parameter);
   * with `ignore: biasbn`, a random direction normalised like a kernel whose
   * filters are its elements (filter: ±|z| per element; layer: norm ‖z‖;
   * none: raw N(0, 1)), so that `move` means something under the default.
   */
  activationParams: 'fixed' | 'move';
}

/**
 * The PRNG stream of one weight of one axis. Weight index and axis are mixed
 * below the hashed seed so that no two (seed, axis, weight) share a stream.
 */
export function directionStream(seed: number, axis: number, weightIndex: number): () => number {
  const seedAxis = hashSeed(hashSeed(seed) ^ Math.imul(axis + 1, 0x9e3779b1));
  // < 2^52: exact in a double, and hashSeed folds the high bits back in.
  return mulberry32(seedAxis * 2 ** 20 + weightIndex);
}

/** Fills `out` with N(0, 1) draws from `random`. */
function fillGaussian(out: Float32Array, random: () => number): void {
  for (let i = 0; i < out.length; i++) out[i] = gaussian(random);
}

/**
 * Scales `d` in place so that each filter (index of the last axis, size
 * `filters`; elements are row-major so element e is in filter e mod filters)
 * has the Frobenius norm of the same filter of `w`. Norms in float64.
 */
export function normaliseFilters(d: Float32Array, w: Float32Array, filters: number): void {
  const dSquares = new Float64Array(filters);
  const wSquares = new Float64Array(filters);
  for (let e = 0; e < d.length; e++) {
    const f = e % filters;
    dSquares[f] += d[e] * d[e];
    wSquares[f] += w[e] * w[e];
  }
  const scale = new Float64Array(filters);
  for (let f = 0; f < filters; f++) scale[f] = Math.sqrt(wSquares[f]) / (Math.sqrt(dSquares[f]) + 1e-10);
  for (let e = 0; e < d.length; e++) d[e] *= scale[e % filters];
}

/** Scales `d` in place to the Frobenius norm of `w` (a zero `d` stays zero). */
export function normaliseLayer(d: Float32Array, w: Float32Array): void {
  let dSquare = 0;
  let wSquare = 0;
  for (let e = 0; e < d.length; e++) {
    dSquare += d[e] * d[e];
    wSquare += w[e] * w[e];
  }
  if (dSquare === 0) return;
  const scale = Math.sqrt(wSquare) / Math.sqrt(dSquare);
  for (let e = 0; e < d.length; e++) d[e] *= scale;
}

/** Normalises one weight's direction slice in place; `shape` gives the filter count (last axis). */
export function normaliseDirection(d: Float32Array, w: Float32Array, shape: readonly number[], normalization: Normalization): void {
  if (normalization === 'filter') normaliseFilters(d, w, shape.length === 0 ? 1 : shape[shape.length - 1]);
  else if (normalization === 'layer') normaliseLayer(d, w);
}

/**
 * A random direction for the weights `weights` (flat, `layout` order).
 * @returns a new flat vector in the same layout.
 */
export function randomDirection(weights: Float32Array, layout: WeightLayout, options: RandomDirectionOptions): Float32Array {
  assertLayoutSize(weights, layout, 'The weight vector');
  const axis = options.axis ?? 0;
  const direction = new Float32Array(layout.size);
  weightRoles(layout).forEach((role, i) => {
    const [start, end] = weightRange(layout, i);
    const d = direction.subarray(start, end);
    const w = weights.subarray(start, end);
    const random = (): void => {
      fillGaussian(d, directionStream(options.seed, axis, i));
      normaliseDirection(d, w, layout.shapes[i], options.normalization);
    };
    switch (role) {
      case 'statistic':
        return;
      case 'kernel':
        return random();
      case 'vector':
        if (options.ignore === 'none') d.set(w);
        return;
      case 'activation':
        if (options.activationParams === 'fixed') return;
        if (options.ignore === 'none') d.set(w);
        else random();
        return;
    }
  });
  return direction;
}

/** What a random plane needs from a surface recipe. */
export interface RandomPlaneOptions extends Omit<RandomDirectionOptions, 'axis'> {
  /** false for a 1D line (no second direction). */
  twoDimensional: boolean;
}

/** The x (axis 0) and, for a plane, y (axis 1) directions of a random plane. */
export function randomPlane(weights: Float32Array, layout: WeightLayout, options: RandomPlaneOptions): [Float32Array, Float32Array | null] {
  const x = randomDirection(weights, layout, { ...options, axis: 0 });
  const y = options.twoDimensional ? randomDirection(weights, layout, { ...options, axis: 1 }) : null;
  return [x, y];
}
