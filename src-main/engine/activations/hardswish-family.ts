/** Hardswish (Howard et al., 2019) and the study's THardswish, whose knees ±z are learned. */
import * as tf from '@tensorflow/tfjs-core';
import { floorAt } from './guards.ts';
import type { ActivationDef } from './types.ts';

/** THardswish divides by 2z; below this half-width it is a step-like ReLU anyway. */
export const MIN_HALF_WIDTH = 1e-3;

export const hardswishFamily: readonly ActivationDef[] = [
  {
    name: 'hardswish',
    label: 'Hardswish',
    formula: '0 if x ≤ −3; x if x ≥ 3; x·(x + 3)/6 otherwise',
    params: [],
    apply: (x) => tf.div(tf.mul(x, tf.relu6(tf.add(x, 3))), 6),
    reference: (x) => (x <= -3 ? 0 : x >= 3 ? x : (x * (x + 3)) / 6),
  },
  {
    name: 'thardswish',
    label: 'THardswish',
    formula: '0 if x ≤ −z; x if x ≥ z; x·(x + z)/(2z) otherwise',
    params: [
      {
        name: 'z',
        init: 3,
        guard: 'clamped to z ≥ 1e-3 in the forward pass (it divides by 2z); the gradient stops below the clamp',
      },
    ],
    fixedTwin: 'hardswish',
    // x·clip((x + z)/(2z), 0, 1) is the three pieces at once: the ramp reaches 0 at
    // x = −z and 1 at x = z. clip's gradient exists and is 0 on the flat parts.
    apply: (x, { z }) => {
      const halfWidth = floorAt(z, MIN_HALF_WIDTH);
      return tf.mul(x, tf.clipByValue(tf.div(tf.add(x, halfWidth), tf.mul(2, halfWidth)), 0, 1));
    },
    reference: (x, { z }) => (x <= -z ? 0 : x >= z ? x : (x * (x + z)) / (2 * z)),
  },
];
