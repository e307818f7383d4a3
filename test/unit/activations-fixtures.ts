/**
 * Shared ground for the activation tests: input points, parameter sets,
 * tolerances, and helpers that evaluate a registry entry through TensorFlow.js
 * or through its plain-number reference (float64) with finite differences.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActivationDef } from '../../src-main/engine/activations/index.ts';

/** 27 inputs: negatives, 0, the Hardswish knees ±3, small and large values. Rounded to float32
 *  so the reference sees exactly what the tensor holds. */
export const VALUE_POINTS: readonly number[] = [
  -1000, -60, -10, -5, -3.5, -3, -2, -1.5, -1, -0.7, -0.3, -0.05, -1e-3, 0, 1e-3, 0.05, 0.3, 0.7, 1, 1.5, 2, 3, 3.5, 5,
  10, 60, 1000,
].map(Math.fround);

/** Inputs where guards matter: exact zero, below float32's resolution around 1, overflow range. */
export const EXTREME_POINTS: readonly number[] = [0, 1e-12, -1e-12, 1, -1, 60, -60, 1e3, -1e3].map(Math.fround);

/** Parameter values an optimiser might reach, tried one parameter at a time. */
export const EXTREME_PARAM_VALUES: readonly number[] = [1e-6, 0, -1, 50];

/**
 * Float32 values agree with the float64 closed form to 1e-5 relative, plus an absolute floor of
 * 1e-6 at the input's scale: float32 cannot resolve a result smaller than its input's rounding
 * (e.g. GELU(−5) ≈ −1.4e-6 comes from 1 + erf(−3.5), a cancellation).
 */
export function valueTolerance(x: number, expected: number): number {
  return 1e-5 * Math.abs(expected) + 1e-6 * Math.max(1, Math.abs(x));
}

/** Gradients: 1e-3 relative, with a 1e-5 absolute floor at the input's scale. */
export function gradientTolerance(x: number, expected: number): number {
  return 1e-3 * Math.abs(expected) + 1e-5 * Math.max(1, Math.abs(x));
}

export const trainable = (def: ActivationDef): boolean => def.params.length > 0;

/** Each parameter at its registry init, rounded to float32 like the tensor that holds it. */
export function initParams(def: ActivationDef): Record<string, number> {
  return Object.fromEntries(def.params.map((p) => [p.name, Math.fround(p.init)]));
}

/** Each parameter moved off its init (1.3·init + 0.1), so tests also see the parameters act. */
export function shiftedParams(def: ActivationDef): Record<string, number> {
  return Object.fromEntries(def.params.map((p) => [p.name, Math.fround(1.3 * p.init + 0.1)]));
}

/** `apply` at each point, with the parameters as `[1]` tensors broadcast over the points. */
export function evaluate(def: ActivationDef, xs: readonly number[], params: Record<string, number>): number[] {
  return tf.tidy(() => {
    const tensors = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, tf.tensor1d([v])]));
    return Array.from(def.apply(tf.tensor1d([...xs]), tensors).dataSync());
  });
}

export interface PointGradients {
  value: number[];
  /** d f(x_i) / d x_i. */
  dx: number[];
  /** d f(x_i) / d p_i: each point gets its own copy of each parameter (shape [N]). */
  dparams: Record<string, number[]>;
}

/** Values and per-point gradients of `apply` w.r.t. the input and every parameter. */
export function pointGradients(def: ActivationDef, xs: readonly number[], params: Record<string, number>): PointGradients {
  return tf.tidy(() => {
    const names = Object.keys(params);
    const x = tf.tensor1d([...xs]);
    const ps = names.map((k) => tf.fill([xs.length], params[k]!));
    const f = (...args: tf.Tensor[]): tf.Tensor =>
      tf.sum(def.apply(args[0]!, Object.fromEntries(names.map((k, i) => [k, args[i + 1]!]))));
    const grads = tf.grads(f)([x, ...ps]);
    const value = Array.from(def.apply(x, Object.fromEntries(names.map((k, i) => [k, ps[i]!]))).dataSync());
    return {
      value,
      dx: Array.from(grads[0]!.dataSync()),
      dparams: Object.fromEntries(names.map((k, i) => [k, Array.from(grads[i + 1]!.dataSync())])),
    };
  });
}

/**
 * Central finite difference of g at v in float64, or null where g is not differentiable:
 * the one-sided slopes disagree (a kink), or the difference changes with the step
 * (a singular slope, like √x at 0).
 */
export function finiteDifference(g: (v: number) => number, v: number): number | null {
  const h = 1e-7 * Math.max(1, Math.abs(v));
  const forward = (g(v + h) - g(v)) / h;
  const backward = (g(v) - g(v - h)) / h;
  const central = (g(v + h) - g(v - h)) / (2 * h);
  const finer = (g(v + h / 4) - g(v - h / 4)) / (h / 2);
  const kink = Math.abs(forward - backward) > 1e-3 * Math.max(Math.abs(forward), Math.abs(backward)) + 1e-6;
  const singular = Math.abs(central - finer) > 1e-4 * Math.abs(central) + 1e-7;
  return kink || singular ? null : central;
}
