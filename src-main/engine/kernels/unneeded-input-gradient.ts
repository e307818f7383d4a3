/**
 * TensorFlow.js's fused conv2d (which every tfjs-layers Conv2D uses) has a
 * custom gradient that computes the gradient with respect to its input
 * whether or not anything needs it. For the first convolution of a network
 * nothing does: its input is the data. That wasted Conv2DBackpropInput was
 * ~13 ms of a 78 ms training step of the `quick` preset on wasm.
 *
 * The training loop marks that layer's filter shape for the span of one
 * gradient computation (the filter itself cannot be recognised: the tape
 * saves a copy of it). The replacement Conv2DBackpropInput then returns
 * zeros of the right shape, which the tape drops unused. The loop marks a
 * shape only when no other convolution of the network has it (see
 * network/input-conv-kernel.ts). Backends without the replacement (node,
 * node-gpu) are unaffected.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';

const unneeded = new Set<string>();

const keyOf = (shape: readonly number[]): string => shape.join('×');

/** Marks filters of `shape` as belonging to a layer whose input gradient nobody reads; call the result to unmark. */
export function markInputGradientUnneeded(shape: readonly number[]): () => void {
  const key = keyOf(shape);
  unneeded.add(key);
  return () => unneeded.delete(key);
}

export function isInputGradientUnneeded(filter: Pick<TensorInfo, 'shape'>): boolean {
  return unneeded.size > 0 && unneeded.has(keyOf(filter.shape));
}

/** Runs `body` (one gradient computation) with filters of `shape` marked; `null` marks nothing. */
export function withoutInputGradientFor<T>(shape: readonly number[] | null, body: () => T): T {
  const unmark = shape ? markInputGradientUnneeded(shape) : () => undefined;
  try {
    return body();
  } finally {
    unmark();
  }
}
