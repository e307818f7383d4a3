/**
 * Loss and accuracy of a model in inference mode (BN uses its moving
 * statistics, dropout is off) over batches already on the backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { correctCount, crossEntropyPerExample } from './loss.ts';

export interface LabelledBatch {
  /** shape `[n, h, w, c]` */
  x: tf.Tensor4D;
  /** class ids, shape `[n]` */
  y: tf.Tensor1D;
}

export interface Evaluation {
  /** Mean cross-entropy (may be Infinity or NaN: callers flag it, never hide it). */
  loss: number;
  /** Fraction of correct top-1 predictions, in [0, 1]. */
  accuracy: number;
  count: number;
  /** Mean of the squared per-example losses, for the loss's standard error. */
  lossSquareMean: number;
}

/** Evaluates the model on every batch, reading back from the backend once. */
export async function evaluateBatches(model: tfl.LayersModel, batches: readonly LabelledBatch[]): Promise<Evaluation> {
  // One tidy per batch, so a batch's activations are freed before the next
  // one runs; the running sums stay on the backend until the single read.
  let totals: tf.Tensor1D = tf.zeros([3]);
  for (const batch of batches) {
    const next = tf.tidy(() => {
      const logits = model.apply(batch.x, { training: false }) as tf.Tensor2D;
      const losses = crossEntropyPerExample(logits, batch.y);
      const correct = tf.cast(correctCount(logits, batch.y), 'float32');
      return tf.add(totals, tf.stack([tf.sum(losses), tf.sum(tf.square(losses)), correct])) as tf.Tensor1D;
    });
    totals.dispose();
    totals = next;
  }
  const [lossSum, squareSum, correct] = await totals.data();
  totals.dispose();
  const count = batches.reduce((n, b) => n + b.x.shape[0], 0);
  return { loss: lossSum / count, accuracy: correct / count, count, lossSquareMean: squareSum / count };
}

/** Splits `count` examples into `[start, end)` ranges of at most `size`. */
export function batchRanges(count: number, size: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let start = 0; start < count; start += size) ranges.push([start, Math.min(count, start + size)]);
  return ranges;
}

/** Per-example losses and correctness of one batch (inference mode). */
export async function evaluateExamples(model: tfl.LayersModel, batch: LabelledBatch): Promise<{ losses: Float32Array; correct: Float32Array }> {
  const stacked = tf.tidy(() => {
    const logits = model.apply(batch.x, { training: false }) as tf.Tensor2D;
    const losses = crossEntropyPerExample(logits, batch.y);
    const correct = tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(batch.y, 'int32')), 'float32');
    return tf.stack([losses, correct]);
  });
  const values = (await stacked.data()) as Float32Array;
  stacked.dispose();
  const n = batch.x.shape[0];
  return { losses: values.slice(0, n), correct: values.slice(n, 2 * n) };
}
