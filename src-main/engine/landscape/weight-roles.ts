/**
 * What each weight of a flat weight vector is, for building directions:
 * the roles decide who moves with a plane (Li et al. 2018, DESIGN.md "Loss
 * surfaces"). Decided from names and shapes alone, so it works on any
 * `WeightLayout`, with or without a model at hand.
 */
import { parseActivationWeightName } from '../activations/index.ts';
import type { WeightLayout } from '../training/weights.ts';

/**
 * - `kernel`: rank ≥ 2 (conv `[kh, kw, in, out]`, dense `[in, units]`): random, normalised directions.
 * - `vector`: rank ≤ 1 parameters (biases, BN γ/β): zero (`ignore: biasbn`) or the parameter itself.
 * - `activation`: trainable activation parameters (`act1/z`): fixed or moving, per the recipe.
 * - `statistic`: BN moving mean/variance: not parameters, they never move with a random plane.
 */
export type WeightRole = 'kernel' | 'vector' | 'activation' | 'statistic';

/** BN moving statistics, with tfjs-layers' optional uniqueness suffix (`bn1/moving_mean_1`). */
const STATISTIC_NAME = /(^|\/)moving_(mean|variance)(_\d+)?$/;

export function isBatchNormStatisticName(weightName: string): boolean {
  return STATISTIC_NAME.test(weightName);
}

export function weightRole(name: string, shape: readonly number[]): WeightRole {
  if (isBatchNormStatisticName(name)) return 'statistic';
  if (parseActivationWeightName(name) !== null) return 'activation';
  return shape.length >= 2 ? 'kernel' : 'vector';
}

/** The role of every weight in the layout, in layout order. */
export function weightRoles(layout: WeightLayout): WeightRole[] {
  return layout.names.map((name, i) => weightRole(name, layout.shapes[i]));
}

/** `[start, end)` of weight `i` in the flat vector. */
export function weightRange(layout: WeightLayout, i: number): [number, number] {
  const start = layout.offsets[i];
  const end = i + 1 < layout.offsets.length ? layout.offsets[i + 1] : layout.size;
  return [start, end];
}

/** Throws unless `vector` has exactly the layout's size. */
export function assertLayoutSize(vector: ArrayLike<number>, layout: WeightLayout, what: string): void {
  if (vector.length !== layout.size) {
    throw new Error(`${what} has ${vector.length} values; the weight layout has ${layout.size}.`);
  }
}

/** A flat vector cut into its weights (views, no copies): how directions are exported per weight. */
export function perWeight(vector: Float32Array, layout: WeightLayout): Array<{ name: string; shape: number[]; values: Float32Array }> {
  assertLayoutSize(vector, layout, 'The vector');
  return layout.names.map((name, i) => ({ name, shape: layout.shapes[i], values: vector.subarray(...weightRange(layout, i)) }));
}
