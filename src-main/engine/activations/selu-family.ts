/**
 * SELU (Klambauer et al., 2017) and the study's TSELU, whose scale z (λ) and
 * negative-side amplitude w (α) are learned. TSELU at z = λ, w = α is SELU.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActivationDef } from './types.ts';

/** SELU's constants, the values tfjs-core's selu kernel uses. */
export const SELU_LAMBDA = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;

export const seluFamily: readonly ActivationDef[] = [
  {
    name: 'selu',
    label: 'SELU',
    formula: 'λ·(x if x ≥ 0, α·(e^x − 1) otherwise), λ ≈ 1.0507, α ≈ 1.6733',
    params: [],
    // tfjs's kernel: its gradient selects between the branches, so e^x overflowing
    // for large x is never multiplied into the result.
    apply: (x) => tf.selu(x),
    reference: (x) => SELU_LAMBDA * (x >= 0 ? x : SELU_ALPHA * (Math.exp(x) - 1)),
  },
  {
    name: 'tselu',
    label: 'TSELU',
    formula: 'z·(x if x ≥ 0, w·(e^x − 1) otherwise)',
    params: [
      { name: 'z', init: SELU_LAMBDA, guard: 'none needed: the function is linear in z, any real z is valid' },
      { name: 'w', init: SELU_ALPHA, guard: 'none needed: the function is linear in w, any real w is valid' },
    ],
    fixedTwin: 'selu',
    // z·(relu(x) + w·expm1(min(x, 0))): for x ≥ 0 the second term is expm1(0) = 0.
    // min(x, 0) keeps e^x from overflowing for large positive x, where 0·∞ would be NaN.
    apply: (x, { z, w }) => tf.mul(z, tf.add(tf.relu(x), tf.mul(w, tf.expm1(tf.minimum(x, 0))))),
    reference: (x, { z, w }) => z * (x >= 0 ? x : w * (Math.exp(x) - 1)),
  },
];
