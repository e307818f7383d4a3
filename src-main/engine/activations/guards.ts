/**
 * Numerical guards shared by the activations. Each one keeps the forward value
 * AND every gradient (w.r.t. the input and the parameters) finite in float32
 * for any input a network can produce and any parameter value an optimiser can
 * reach, while leaving the function unchanged wherever it is well behaved.
 *
 * Piecewise functions are never built with `tf.where(tf.greater(x, …))`: tfjs
 * has no gradient for `Greater`, so backprop through such a condition throws.
 * We use relu / step / abs / clip / minimum / maximum instead, whose
 * gradients exist (step's is zero), and make every branch finite
 * on the whole real line so that a zero mask never meets an Infinity (0·∞ = NaN).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Added to |x| before its logarithm. d/dx log(|x|+ε) is then at most 1/ε = 1e12,
 * and |x|^p near 0 stays finite for every p. In float32 the shift vanishes for
 * |x| ≳ 1e-5 (below half an ulp), so it only changes values for |x| < 1e-5.
 */
export const POWER_EPSILON = 1e-12;

/**
 * Cap on log(|x|^p): |x|^p never exceeds e^30 ≈ 1.1e13. Without it x = 1e3 with
 * p = 50 overflows to Infinity, and negative p blows up near 0. Real activations
 * never come near the cap (|x|^p = 1e13 would already wreck the next layer).
 * Products along the backward pass stay below e^30 · |p| / ε ≈ 1e25·|p|.
 */
export const POWER_LOG_CAP = 30;

/**
 * Cap on the argument of exp inside tanh(exp(·)). tanh(e^3) already rounds to 1 in
 * float32, so capping at 20 changes no value, but it stops e^x overflowing to
 * Infinity for large x, whose product with tanh's zero slope would give NaN.
 */
export const TANH_EXP_CAP = 20;

/**
 * sign(x) as step(x) − step(−x): exactly +1, 0 or −1, with a zero gradient.
 * Not tf.sign: the wasm backend's Sign returns 0 for 0 < |x| ≲ 1e-7, which would
 * make values and slopes near 0 differ between backends.
 * @param x any shape. @returns shaped like `x`.
 */
export function exactSign(x: Tensor): Tensor {
  return tf.sub(tf.step(x), tf.step(tf.neg(x)));
}

/**
 * sign(x)·|x|^p, the odd power used by SQRT-like activations, computed as
 * sign(x)·exp(min(p·log(|x| + ε), 30)).
 * - value at x = 0 is exactly 0 (sign(0) = 0), for every p;
 * - the gradient at x = 0 is 0, not 0·∞ = NaN: sign(0) = 0 zeroes the upstream
 *   gradient before it meets 1/(|x|+ε), and that factor is finite anyway;
 * - any real p is allowed (negative ones included): the cap bounds the result.
 * @param x any shape.
 * @param p exponent, broadcastable against `x` (a scalar, `[1]`, `[C]`, or `x`'s shape).
 * @returns shaped like `x` broadcast with `p`.
 */
export function signedPower(x: Tensor, p: Tensor | number): Tensor {
  const logMagnitude = tf.log(tf.add(tf.abs(x), POWER_EPSILON));
  const magnitude = tf.exp(tf.minimum(tf.mul(p, logMagnitude), POWER_LOG_CAP));
  return tf.mul(exactSign(x), magnitude);
}

/**
 * tanh(exp(u)) with the exponent capped at TANH_EXP_CAP (see there).
 * @param u any shape. @returns shaped like `u`, in [0, 1].
 */
export function tanhOfExp(u: Tensor): Tensor {
  return tf.tanh(tf.exp(tf.minimum(u, TANH_EXP_CAP)));
}

/**
 * max(v, floor): the parameter as the forward pass sees it, never below `floor`.
 * Its gradient passes unchanged at and above the floor and is 0 below it, so a
 * parameter that an optimiser pushes past the floor acts as the floor value.
 * @param v any shape. @returns shaped like `v`.
 */
export function floorAt(v: Tensor, floor: number): Tensor {
  return tf.maximum(v, floor);
}

/**
 * Moves v away from 0 while keeping its sign: s·max(|v|, ε), with s = +1 for v ≥ 0
 * and −1 for v < 0 (so 0 maps to +ε, never to 0). For dividing by a parameter that
 * may legitimately be negative.
 * @param v any shape. @returns shaped like `v`, |result| ≥ ε.
 */
export function awayFromZero(v: Tensor, epsilon: number): Tensor {
  // 1 − 2·step(−v) is +1 for v ≥ 0 and −1 for v < 0; step's gradient is zero.
  const sign = tf.sub(1, tf.mul(2, tf.step(tf.neg(v))));
  return tf.mul(sign, tf.maximum(tf.abs(v), epsilon));
}
