/**
 * GELU (Hendrycks & Gimpel), exact form with erf, and the study's TGELU, whose
 * scale z and erf width w are learned. TGELU at z = ½, w = √2 is GELU.
 */
import * as tf from '@tensorflow/tfjs-core';
import { awayFromZero } from './guards.ts';
import { erfc } from './reference-math.ts';
import type { ActivationDef } from './types.ts';

export const SQRT2 = Math.SQRT2;
/** x/w turns into a step for tiny w; bounding |w| keeps 1/w² in the w-gradient finite. */
export const MIN_ABS_WIDTH = 1e-3;

export const geluFamily: readonly ActivationDef[] = [
  {
    name: 'gelu',
    label: 'GELU',
    formula: 'x·½·[1 + erf(x/√2)]',
    params: [],
    apply: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, SQRT2)))),
    // 1 + erf(u) = erfc(−u), which keeps its accuracy for very negative x.
    reference: (x) => x * 0.5 * erfc(-x / SQRT2),
  },
  {
    name: 'tgelu',
    label: 'TGELU',
    formula: 'x·z·[1 + erf(x/w)]',
    params: [
      { name: 'z', init: 0.5, guard: 'none needed: the function is linear in z, any real z is valid' },
      {
        name: 'w',
        init: SQRT2,
        guard: '|w| is kept ≥ 1e-3 in the forward pass, sign preserved (w = 0 acts as +1e-3)',
      },
    ],
    fixedTwin: 'gelu',
    apply: (x, { z, w }) => {
      const width = awayFromZero(w, MIN_ABS_WIDTH);
      return tf.mul(tf.mul(x, z), tf.add(1, tf.erf(tf.div(x, width))));
    },
    reference: (x, { z, w }) => x * z * erfc(-x / w),
  },
];
