/**
 * Turns a split of plain typed arrays into batch tensors without copying the
 * whole split onto the backend: each batch is gathered into a reused buffer.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The part of a data set split the trainer needs. `x` is NHWC float32, `y` class ids. */
export interface SplitView {
  x: Float32Array;
  y: Uint8Array;
  count: number;
}

export class BatchGatherer {
  private readonly exampleSize: number;
  private xBuffer = new Float32Array(0);
  private yBuffer = new Int32Array(0);

  constructor(
    private readonly split: SplitView,
    private readonly inputShape: readonly [number, number, number],
  ) {
    this.exampleSize = inputShape[0] * inputShape[1] * inputShape[2];
  }

  /**
   * Batch of the examples at `indices[start, end)`.
   * @returns x of shape `[n, h, w, c]` and y of shape `[n]` (int32); the caller disposes them.
   */
  gather(indices: ArrayLike<number>, start: number, end: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
    const n = end - start;
    if (this.xBuffer.length < n * this.exampleSize) {
      this.xBuffer = new Float32Array(n * this.exampleSize);
      this.yBuffer = new Int32Array(n);
    }
    for (let i = 0; i < n; i++) {
      const index = indices[start + i];
      const offset = index * this.exampleSize;
      this.xBuffer.set(this.split.x.subarray(offset, offset + this.exampleSize), i * this.exampleSize);
      this.yBuffer[i] = this.split.y[index];
    }
    const [h, w, c] = this.inputShape;
    // tf.tensor copies the data, so the buffers can be reused for the next batch.
    return {
      x: tf.tensor4d(this.xBuffer.subarray(0, n * this.exampleSize), [n, h, w, c], 'float32'),
      y: tf.tensor1d(this.yBuffer.subarray(0, n), 'int32'),
    };
  }

  /** Consecutive examples `[start, end)` of the split, in order. */
  range(start: number, end: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
    const [h, w, c] = this.inputShape;
    const n = end - start;
    return {
      x: tf.tensor4d(this.split.x.subarray(start * this.exampleSize, end * this.exampleSize), [n, h, w, c], 'float32'),
      y: tf.tensor1d(Int32Array.from(this.split.y.subarray(start, end)), 'int32'),
    };
  }
}

/** Yields to the event loop so messages (cancel) are seen between batches. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
