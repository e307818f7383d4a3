/**
 * The activation-parameter axis: a slice where one coordinate IS the value of
 * an activation parameter (e.g. `z` of TSQRT) in every activation layer,
 * instead of a step along a random direction.
 *
 * It is expressed as an ordinary plane so the same perturber serves it:
 * origin = the weights with that parameter set to 0, direction = 1 at the
 * parameter's entries and 0 elsewhere. Then origin + c·direction has the
 * parameter equal to c exactly (0 + c·1 = c in float32 too), and the other
 * axis's direction must be zero at those entries (build it with
 * `activationParams: 'fixed'`).
 */
import { parseActivationWeightName } from '../activations/index.ts';
import type { WeightLayout } from '../training/weights.ts';
import { assertLayoutSize, weightRange } from './weight-roles.ts';

/** Indices (in layout order) of every activation parameter named `param`, in every activation layer. */
export function activationParamWeights(layout: WeightLayout, param: string): number[] {
  const found: number[] = [];
  layout.names.forEach((name, i) => {
    if (parseActivationWeightName(name)?.param === param) found.push(i);
  });
  return found;
}

function requireParam(layout: WeightLayout, param: string): number[] {
  const found = activationParamWeights(layout, param);
  if (found.length === 0) {
    const present = [...new Set(layout.names.map((n) => parseActivationWeightName(n)?.param).filter((p) => p !== undefined))];
    const has = present.length ? `its activation parameters are: ${present.join(', ')}` : 'its activation has no trainable parameters';
    throw new Error(`The model has no activation parameter "${param}" (${has}).`);
  }
  return found;
}

/** A copy of `weights` with every activation parameter named `param` set to `value` (all layers, all channels). */
export function withActivationParam(weights: Float32Array, layout: WeightLayout, param: string, value: number): Float32Array {
  assertLayoutSize(weights, layout, 'The weight vector');
  const out = weights.slice();
  for (const i of requireParam(layout, param)) out.fill(value, ...weightRange(layout, i));
  return out;
}

/** 1 at every entry of the activation parameters named `param`, 0 elsewhere. */
export function activationParamMask(layout: WeightLayout, param: string): Float32Array {
  const mask = new Float32Array(layout.size);
  for (const i of requireParam(layout, param)) mask.fill(1, ...weightRange(layout, i));
  return mask;
}

export interface ActivationParamAxis {
  /** The weights with the parameter set to 0. */
  origin: Float32Array;
  /** The parameter's indicator: origin + c·direction sets the parameter to c. */
  direction: Float32Array;
}

/** Origin and direction of an axis whose coordinate is the absolute value of activation parameter `param`. */
export function activationParamAxis(weights: Float32Array, layout: WeightLayout, param: string): ActivationParamAxis {
  return { origin: withActivationParam(weights, layout, param, 0), direction: activationParamMask(layout, param) };
}

/** The parameter's current values (one per layer, or per channel), for reporting where the trained model sits on the axis. */
export function activationParamValues(weights: Float32Array, layout: WeightLayout, param: string): number[] {
  assertLayoutSize(weights, layout, 'The weight vector');
  return requireParam(layout, param).flatMap((i) => Array.from(weights.subarray(...weightRange(layout, i))));
}
