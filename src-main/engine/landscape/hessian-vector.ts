/**
 * Hessian-vector products of a model's mean cross-entropy over a fixed set of
 * batches, in inference mode (BN with its moving statistics, no dropout),
 * with respect to its trainable weights.
 *
 * Why finite differences: TensorFlow.js 4.22 cannot differentiate its own
 * gradients for this project's networks. Checked with tf.variableGrads of
 * tf.variableGrads (a gradient of ∇L·v): conv2d fails ("gradient function not
 * found for Conv2DBackpropFilter"), TSQRT fails (no gradient for LessEqual),
 * and even a plain dense + log-softmax loses the connection between the
 * gradient and the weights. So
 *   Hv ≈ (∇L(θ + εv) − ∇L(θ − εv)) / (2ε),
 * with the step's length ε‖v‖ = `relativeStep` · max(‖θ‖, 1): the same
 * relative nudge to the weights whatever their scale (default 1e-3, a
 * compromise between float32 rounding of the gradient difference, ~1e-7/ε,
 * and the O(ε²) truncation error; near ReLU-like kinks it measures a
 * Hessian smoothed over that scale).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { isActivationWeightName } from '../activations/index.ts';
import type { LabelledBatch } from '../network/evaluate.ts';
import { withoutInputGradientFor } from '../kernels/unneeded-input-gradient.ts';
import { inputConvKernelShape } from '../network/input-conv-kernel.ts';
import { meanCrossEntropy } from '../network/loss.ts';

/** A vector in parameter space: one tensor per parameter, shaped like it. */
export type ParameterVector = tf.Tensor[];

/** A symmetric linear operator on parameter vectors (the Hessian, or a test matrix). */
export interface HessianOperator {
  /** Shapes of the parameters, in order. */
  readonly shapes: number[][];
  /** H·v as new tensors (the caller disposes them); `v` is not disposed. */
  apply(v: ParameterVector): Promise<ParameterVector>;
}

export interface FiniteDifferenceOptions {
  /** Step length as a fraction of ‖θ‖ (floored at 1). Default 1e-3. */
  relativeStep?: number;
  /** Include trainable activation parameters (z, w, k) in θ. Default false: network weights only. */
  includeActivationParams?: boolean;
  /** Which trainable weights θ covers (by name and shape); overrides `includeActivationParams`. */
  select?: (name: string, shape: readonly number[]) => boolean;
}

/** v·w (float32 sums on the backend, one read-back). */
export async function dot(v: ParameterVector, w: ParameterVector): Promise<number> {
  const total = tf.tidy(() => tf.addN(v.map((t, i) => tf.sum(tf.mul(t, w[i])))));
  const value = (await total.data())[0];
  total.dispose();
  return value;
}

export async function norm(v: ParameterVector): Promise<number> {
  return Math.sqrt(await dot(v, v));
}

/** The Hessian of the model's loss on `batches`, applied by central differences of gradients. */
export class FiniteDifferenceHessian implements HessianOperator {
  readonly shapes: number[][];
  readonly names: string[];
  /** ‖θ‖ over the parameters in play. */
  readonly thetaNorm: number;
  /** The step length ε‖v‖ of every product. */
  readonly stepLength: number;
  /** Number of scalar parameters. */
  readonly size: number;
  private readonly model: tfl.LayersModel;
  private readonly parameters: tfl.LayerVariable[];
  private readonly originals: tf.Tensor[];
  private readonly batches: readonly LabelledBatch[];
  private readonly examples: number;
  /** The first convolution's kernel shape: its input gradient is skipped (kernels/unneeded-input-gradient.ts). */
  private readonly inputKernelShape: number[] | null;

  private constructor(model: tfl.LayersModel, parameters: tfl.LayerVariable[], originals: tf.Tensor[], thetaNorm: number, batches: readonly LabelledBatch[], relativeStep: number) {
    this.model = model;
    this.inputKernelShape = inputConvKernelShape(model);
    this.parameters = parameters;
    this.originals = originals;
    this.shapes = originals.map((t) => t.shape);
    this.names = parameters.map((p) => p.originalName);
    this.size = originals.reduce((n, t) => n + t.size, 0);
    this.thetaNorm = thetaNorm;
    this.stepLength = relativeStep * Math.max(thetaNorm, 1);
    this.batches = batches;
    this.examples = batches.reduce((n, b) => n + b.x.shape[0], 0);
  }

  static async create(model: tfl.LayersModel, batches: readonly LabelledBatch[], options: FiniteDifferenceOptions = {}): Promise<FiniteDifferenceHessian> {
    if (batches.length === 0) throw new Error('The Hessian needs at least one batch of examples.');
    const select = options.select ?? ((name: string) => Boolean(options.includeActivationParams) || !isActivationWeightName(name));
    const parameters = model.trainableWeights.filter((w) => select(w.originalName, w.shape.map((d) => d ?? 1)));
    if (parameters.length === 0) throw new Error('The model has no trainable weights to take the Hessian over.');
    // Clones share the variables' buffers: the exact weights to restore.
    const originals = parameters.map((p) => tf.clone(p.read()));
    const thetaNorm = await norm(originals);
    return new FiniteDifferenceHessian(model, parameters, originals, thetaNorm, batches, options.relativeStep ?? 1e-3);
  }

  async apply(v: ParameterVector): Promise<ParameterVector> {
    const vNorm = await norm(v);
    if (vNorm === 0) return v.map((t) => tf.zerosLike(t));
    const epsilon = this.stepLength / vNorm;
    try {
      this.shift(v, epsilon);
      const plus = this.gradient();
      this.shift(v, -epsilon);
      const minus = this.gradient();
      const product = tf.tidy(() => plus.map((g, i) => tf.div(tf.sub(g, minus[i]), 2 * epsilon)));
      tf.dispose([...plus, ...minus]);
      return product;
    } finally {
      this.restore();
    }
  }

  /** Writes θ back, bit for bit. */
  restore(): void {
    this.parameters.forEach((p, i) => p.write(this.originals[i]));
  }

  /** Restores θ and frees the copies. */
  dispose(): void {
    this.restore();
    tf.dispose(this.originals);
  }

  /** Writes θ + ε·v into the model. */
  private shift(v: ParameterVector, epsilon: number): void {
    this.parameters.forEach((p, i) => {
      const shifted = tf.tidy(() => tf.add(this.originals[i], tf.mul(v[i], epsilon)));
      p.write(shifted);
      shifted.dispose();
    });
  }

  /** ∇θ of the mean loss over all batches (each batch weighted by its size). */
  private gradient(): ParameterVector {
    const variables = this.parameters.map((p) => p.read() as tf.Variable);
    let sums: ParameterVector = this.originals.map((t) => tf.zerosLike(t));
    for (const batch of this.batches) {
      const weight = batch.x.shape[0] / this.examples;
      const { value, grads } = withoutInputGradientFor(this.inputKernelShape, () =>
        tf.variableGrads(() => {
          const logits = this.model.apply(batch.x, { training: false }) as tf.Tensor2D;
          return tf.mul(meanCrossEntropy(logits, batch.y), weight) as tf.Scalar;
        }, variables),
      );
      const next = tf.tidy(() => sums.map((s, i) => (grads[variables[i].name] ? tf.add(s, grads[variables[i].name]) : tf.clone(s))));
      tf.dispose([value, ...sums, ...Object.values(grads)]);
      sums = next;
    }
    return sums;
  }
}
