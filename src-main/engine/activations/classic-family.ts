/** The saturating classics, Tanh and Sigmoid (no trainable variants). */
import * as tf from '@tensorflow/tfjs-core';
import type { ActivationDef } from './types.ts';

export const classicFamily: readonly ActivationDef[] = [
  {
    name: 'tanh',
    label: 'Tanh',
    formula: 'tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x))',
    params: [],
    apply: (x) => tf.tanh(x),
    reference: (x) => Math.tanh(x),
  },
  {
    name: 'sigmoid',
    label: 'Sigmoid',
    formula: '1 / (1 + e^(−x))',
    params: [],
    apply: (x) => tf.sigmoid(x),
    reference: (x) => 1 / (1 + Math.exp(-x)),
  },
];
