// Identity shares its input's data on wasm (as cpu's does): a clone reads the
// same values, outlives its original, and frees the buffer only when the
// last holder is disposed.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { plannedReplacements } from '../../src-main/engine/kernels/register-training-kernels.ts';

const backend = tf.getBackend();
const shares = plannedReplacements(backend).includes(tf.Identity) || backend === 'cpu';

describe(`Identity on ${backend}`, () => {
  it(shares ? 'shares the data buffer, and frees it with the last holder' : 'copies the data buffer', () => {
    const start = tf.memory();
    const original = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const clone = tf.clone(original);
    expect(tf.memory().numDataBuffers - start.numDataBuffers).toBe(shares ? 1 : 2);
    expect(clone.shape).toEqual([2, 3]);
    original.dispose();
    expect(Array.from(clone.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    // A tensor computed from the clone sees its values, the original's buffer being still alive through it.
    const doubled = tf.mul(clone, 2);
    expect(Array.from(doubled.dataSync())).toEqual([2, 4, 6, 8, 10, 12]);
    tf.dispose([clone, doubled]);
    expect(tf.memory().numDataBuffers).toBe(start.numDataBuffers);
    expect(tf.memory().numBytes).toBe(start.numBytes);
  });

  it('keeps a variable unchanged when its clone is disposed, and the clone when the variable is assigned', () => {
    const variable = tf.variable(tf.tensor1d([1, 2, 3]));
    const clone = tf.clone(variable);
    variable.assign(tf.tensor1d([7, 8, 9]));
    expect(Array.from(clone.dataSync())).toEqual([1, 2, 3]);
    clone.dispose();
    expect(Array.from(variable.dataSync())).toEqual([7, 8, 9]);
    variable.dispose();
  });

  it('copies string tensors through the shipped kernel', () => {
    const words = tf.tensor1d(['a', 'bc'], 'string');
    const clone = tf.clone(words);
    words.dispose();
    expect(clone.dataSync()).toEqual(['a', 'bc']);
    clone.dispose();
  });
});
