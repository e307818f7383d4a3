/**
 * The shape of one activation in the registry. An activation is a pure
 * element-wise function of its input and of zero or more trainable scalars
 * (`z`, `w`, `k`); the layer broadcasts those scalars over the input.
 */
import type { Tensor } from '@tensorflow/tfjs-core';

/** One trainable shape parameter of an activation. */
export interface ActivationParamDef {
  /** Weight name inside the layer (`z`, `w`, `k`): lower-case letters and digits only, so it
   *  survives tfjs-layers' snake/camel-case config conversion and reads as `<layer>/z`. */
  readonly name: string;
  /** Initial value; at the inits of all parameters a trainable activation equals its fixed twin. */
  readonly init: number;
  /** How the forward pass keeps this parameter in its valid range (shown in tooltips). */
  readonly guard: string;
}

export interface ActivationDef {
  /** Registry key, lower-case snake case: `tsqrt_tanh`. */
  readonly name: string;
  /** Display label: `TSQRT_tanh`. */
  readonly label: string;
  /** Plain-text formula for tooltips (no LaTeX). */
  readonly formula: string;
  /** Trainable parameters; empty for a fixed activation. */
  readonly params: readonly ActivationParamDef[];
  /** Key of the fixed activation this one equals at its init, if any. */
  readonly fixedTwin?: string;
  /**
   * The activation as TensorFlow.js ops, differentiable w.r.t. `x` and every parameter.
   * Call inside `tf.tidy`: intermediates are not disposed here.
   * @param x any shape `[..., C]`, float32.
   * @param params one tensor per parameter, each broadcastable against `x`
   *   (`[1]` per layer, `[C]` per channel, or `x`'s own shape for element-wise tests).
   * @returns a float32 tensor shaped like `x`.
   */
  apply(x: Tensor, params: Readonly<Record<string, Tensor>>): Tensor;
  /**
   * The same function as a closed form on plain numbers (float64), written independently
   * of `apply` and without its numerical guards; the tests' ground truth.
   */
  reference(x: number, params: Readonly<Record<string, number>>): number;
}

/** What the UI needs to list an activation: everything but the functions. */
export interface ActivationInfo {
  readonly name: string;
  readonly label: string;
  readonly formula: string;
  readonly trainable: boolean;
  readonly params: readonly ActivationParamDef[];
  readonly fixedTwin: string | null;
}
