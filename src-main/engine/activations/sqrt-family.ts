/**
 * SQRT (Yang et al., 2018) and the study's trainable TSQRT, an odd power whose
 * exponent z is learned. TSQRT at z = ½ is SQRT.
 */
import * as tf from '@tensorflow/tfjs-core';
import { POWER_EPSILON, exactSign, signedPower } from './guards.ts';
import type { ActivationDef } from './types.ts';

export const sqrtFamily: readonly ActivationDef[] = [
  {
    name: 'sqrt',
    label: 'SQRT',
    formula: '√x if x > 0, −√(−x) otherwise',
    params: [],
    // sign(x)·√(|x|+ε): √'s slope is infinite at 0, so the ε keeps it finite (≤ 5e5 at
    // |x| = 1e-12) and sign(0) = 0 makes the value and the gradient at 0 exactly 0. The
    // same ε as TSQRT's, so TSQRT at z = ½ matches this one even for tiny inputs.
    apply: (x) => tf.mul(exactSign(x), tf.sqrt(tf.add(tf.abs(x), POWER_EPSILON))),
    reference: (x) => (x > 0 ? Math.sqrt(x) : -Math.sqrt(-x)),
  },
  {
    name: 'tsqrt',
    label: 'TSQRT',
    formula: 'x^z if x > 0, −(−x)^z otherwise',
    params: [
      {
        name: 'z',
        init: 0.5,
        guard: 'any real z: |x|^z is computed as exp(z·log(|x| + 1e-12)) with the exponent capped at 30',
      },
    ],
    fixedTwin: 'sqrt',
    apply: (x, { z }) => signedPower(x, z),
    reference: (x, { z }) => (x > 0 ? Math.pow(x, z) : -Math.pow(-x, z)),
  },
];
