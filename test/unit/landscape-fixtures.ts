/**
 * Small models and data for the landscape tests: a tiny CNN with BN and a
 * trainable activation, a linear softmax model whose loss and Hessian are
 * known in closed form, and their float64 references.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { gaussian, mulberry32 } from '../../src-main/engine/data/seeded-random.ts';
import { buildNetwork } from '../../src-main/engine/network/build-network.ts';
import type { LabelledBatch } from '../../src-main/engine/network/evaluate.ts';
import { weightLayout, writeAllWeights } from '../../src-main/engine/training/weights.ts';

/** Seeded labelled batches of `[n, h, w, c]` images with classes 0..classes−1. */
export function randomBatches(sizes: number[], shape: [number, number, number], classes: number, seed: number): LabelledBatch[] {
  const random = mulberry32(seed);
  return sizes.map((n) => {
    const x = Float32Array.from({ length: n * shape[0] * shape[1] * shape[2] }, () => gaussian(random));
    const y = Float32Array.from({ length: n }, (_, i) => (i + Math.floor(random() * classes)) % classes);
    return { x: tf.tensor4d(x, [n, ...shape]), y: tf.tensor1d(y, 'float32') };
  });
}

export function disposeBatches(batches: LabelledBatch[]): void {
  tf.dispose(batches.flatMap((b) => [b.x, b.y]));
}

/** Overwrites every weight with seeded values: N(0, scale²), moving variances in [0.5, 1.5], activation z near its init. */
export function seedWeights(model: tfl.LayersModel, seed: number, scale = 0.3): void {
  const layout = weightLayout(model);
  const random = mulberry32(seed);
  const flat = new Float32Array(layout.size);
  layout.names.forEach((name, i) => {
    const end = i + 1 < layout.offsets.length ? layout.offsets[i + 1] : layout.size;
    for (let e = layout.offsets[i]; e < end; e++) {
      if (/moving_variance/.test(name)) flat[e] = 0.5 + random();
      else if (/gamma/.test(name)) flat[e] = 1 + 0.2 * gaussian(random);
      else if (/\/[zwk]$/.test(name)) flat[e] = model.weights[i].read().dataSync()[0] + 0.05 * gaussian(random);
      else flat[e] = scale * gaussian(random);
    }
  });
  writeAllWeights(model, flat);
}

/** The `tiny` preset on 8×8×3 inputs, 3 classes, BN on, with a trainable activation; seeded weights. */
export function tinyNetwork(seed = 1, activation = 'tswish'): tfl.Sequential {
  const model = buildNetwork({
    inputShape: [8, 8, 3],
    numClasses: 3,
    activation: { name: activation, scope: 'layer' },
    network: { preset: 'tiny', batchNorm: true, bnAffine: 'trainable', dropout: 0 },
  });
  seedWeights(model, seed);
  return model;
}

/** flatten → dense(classes) on `[n, 1, 1, features]` inputs: logits = x·W + b. */
export function linearModel(features: number, classes: number, seed: number): tfl.Sequential {
  const model = tfl.sequential({
    layers: [tfl.layers.flatten({ inputShape: [1, 1, features], name: 'flatten' }), tfl.layers.dense({ units: classes, name: 'logits' })],
  });
  seedWeights(model, seed, 0.7);
  return model;
}

export interface LinearProblem {
  /** `[n][features]` */
  x: number[][];
  labels: number[];
}

/** The examples of batches of `[n, 1, 1, features]` inputs, as float64 arrays. */
export function linearProblem(batches: LabelledBatch[]): LinearProblem {
  const x: number[][] = [];
  const labels: number[] = [];
  for (const b of batches) {
    const values = b.x.dataSync();
    const features = b.x.shape[3];
    for (let i = 0; i < b.x.shape[0]; i++) x.push(Array.from(values.subarray(i * features, (i + 1) * features)));
    labels.push(...Array.from(b.y.dataSync()));
  }
  return { x, labels };
}

/** Mean softmax cross-entropy of logits x·W + b in float64 (W row-major `[features, classes]`). */
export function linearLoss(problem: LinearProblem, kernel: ArrayLike<number>, bias: ArrayLike<number>): number {
  const classes = bias.length;
  let total = 0;
  problem.x.forEach((x, n) => {
    const z = Array.from({ length: classes }, (_, j) => x.reduce((s, xa, a) => s + xa * kernel[a * classes + j], bias[j]));
    const top = Math.max(...z);
    const lse = top + Math.log(z.reduce((s, zj) => s + Math.exp(zj - top), 0));
    total += lse - z[problem.labels[n]];
  });
  return total / problem.x.length;
}

/**
 * Exact Hessian of `linearLoss` over [W (row-major), b], float64, row-major p×p:
 * mean over examples of (diag(p) − ppᵀ) ⊗ x̃x̃ᵀ with x̃ = [x, 1].
 */
export function linearHessian(problem: LinearProblem, kernel: ArrayLike<number>, bias: ArrayLike<number>): { matrix: Float64Array; size: number } {
  const classes = bias.length;
  const features = problem.x[0].length;
  const size = (features + 1) * classes;
  const matrix = new Float64Array(size * size);
  const index = (a: number, j: number): number => (a < features ? a * classes + j : features * classes + j);
  for (const x of problem.x) {
    const xt = [...x, 1];
    const z = Array.from({ length: classes }, (_, j) => x.reduce((s, xa, a) => s + xa * kernel[a * classes + j], bias[j]));
    const top = Math.max(...z);
    const e = z.map((zj) => Math.exp(zj - top));
    const sum = e.reduce((s, v) => s + v, 0);
    const p = e.map((v) => v / sum);
    for (let a = 0; a <= features; a++)
      for (let i = 0; i < classes; i++)
        for (let b = 0; b <= features; b++)
          for (let j = 0; j < classes; j++) {
            const curvature = (i === j ? p[i] : 0) - p[i] * p[j];
            matrix[index(a, i) * size + index(b, j)] += (xt[a] * xt[b] * curvature) / problem.x.length;
          }
  }
  return { matrix, size };
}
