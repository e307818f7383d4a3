/** ReLU, LeakyReLU and the trainable TLeakyReLU. */
import * as tf from '@tensorflow/tfjs-core';
import type { ActivationDef } from './types.ts';

export const LEAKY_SLOPE = 0.01;

export const reluFamily: readonly ActivationDef[] = [
  {
    name: 'relu',
    label: 'ReLU',
    formula: 'x if x > 0, 0 otherwise',
    params: [],
    apply: (x) => tf.relu(x),
    reference: (x) => (x > 0 ? x : 0),
  },
  {
    name: 'leaky_relu',
    label: 'LeakyReLU',
    formula: 'x if x > 0, 0.01·x otherwise',
    params: [],
    apply: (x) => tf.leakyRelu(x, LEAKY_SLOPE),
    reference: (x) => (x > 0 ? x : LEAKY_SLOPE * x),
  },
  {
    name: 'tleaky_relu',
    label: 'TLeakyReLU',
    formula: 'x if x > 0, z·x otherwise',
    params: [{ name: 'z', init: LEAKY_SLOPE, guard: 'none needed: the function is linear in z, any real z is valid' }],
    fixedTwin: 'leaky_relu',
    // relu(x) − z·relu(−x): the two halves without a comparison, so z gets a gradient.
    apply: (x, { z }) => tf.sub(tf.relu(x), tf.mul(z, tf.relu(tf.neg(x)))),
    reference: (x, { z }) => (x > 0 ? x : z * x),
  },
];
