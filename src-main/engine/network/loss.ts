/**
 * Cross-entropy from logits with a stable log-softmax, as the loss-landscape
 * reference computes it. `categoricalCrossentropy` on softmax outputs clips
 * probabilities at 1e-7 and departs from the exact loss where it is large —
 * the rim of every surface — so the networks here output logits.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Per-example cross-entropy.
 * @param logits shape `[batch, classes]`
 * @param labels integer class ids, shape `[batch]`
 * @returns shape `[batch]`
 */
export function crossEntropyPerExample(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const onehot = tf.oneHot(tf.cast(labels, 'int32'), logits.shape[1]);
    return tf.losses.softmaxCrossEntropy(onehot, logits, undefined, 0, tf.Reduction.NONE) as tf.Tensor1D;
  });
}

/** Mean cross-entropy over the batch: a scalar. */
export function meanCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(crossEntropyPerExample(logits, labels)) as tf.Scalar);
}

/** Number of correct top-1 predictions in the batch: an int32 scalar. */
export function correctCount(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(labels, 'int32')), 'int32')) as tf.Scalar);
}
