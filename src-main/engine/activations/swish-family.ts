/**
 * Swish (Ramachandran et al., 2017) and the study's TSwish, x/(1 + z^(−x)),
 * whose base z is learned. TSwish at z = e is Swish.
 */
import * as tf from '@tensorflow/tfjs-core';
import { floorAt } from './guards.ts';
import type { ActivationDef } from './types.ts';

/** z^(−x) needs z > 0: log z is −∞ at 0 and undefined below. */
export const MIN_BASE = 1e-3;

export const swishFamily: readonly ActivationDef[] = [
  {
    name: 'swish',
    label: 'Swish',
    formula: 'x / (1 + e^(−x))',
    params: [],
    apply: (x) => tf.mul(x, tf.sigmoid(x)),
    reference: (x) => x / (1 + Math.exp(-x)),
  },
  {
    name: 'tswish',
    label: 'TSwish',
    formula: 'x / (1 + z^(−x)), z > 0',
    params: [
      {
        name: 'z',
        init: Math.E,
        guard: 'clamped to z ≥ 1e-3 in the forward pass (z^(−x) needs z > 0); the gradient stops below the clamp',
      },
    ],
    fixedTwin: 'swish',
    // x/(1 + z^(−x)) = x·sigmoid(x·ln z): sigmoid saturates instead of overflowing for
    // |x·ln z| large, where computing z^(−x) directly would give ∞/∞.
    apply: (x, { z }) => tf.mul(x, tf.sigmoid(tf.mul(x, tf.log(floorAt(z, MIN_BASE))))),
    reference: (x, { z }) => x / (1 + Math.pow(z, -x)),
  },
];
