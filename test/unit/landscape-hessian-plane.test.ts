import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { hessianPlane } from '../../src-main/engine/landscape/hessian-plane.ts';
import { FiniteDifferenceHessian } from '../../src-main/engine/landscape/hessian-vector.ts';
import { lanczosTopEigenpairs } from '../../src-main/engine/landscape/lanczos.ts';
import { symmetricEigen } from '../../src-main/engine/landscape/symmetric-eigen.ts';
import { readAllWeights, weightLayout } from '../../src-main/engine/training/weights.ts';
import { gaussian, mulberry32 } from '../../src-main/engine/data/seeded-random.ts';
import { createActivationLayer } from '../../src-main/engine/activations/index.ts';
import { disposeBatches, linearHessian, linearModel, linearProblem, randomBatches, seedWeights } from './landscape-fixtures.ts';

/**
 * conv 2×2×3 (same) → BN → TSwish → flatten → dense 3: 105 kernel weights, small enough to form the
 * Hessian column by column. No max-pool: its switches would make finite differences of single
 * coordinates (steps of 1e-3·‖θ‖) cross kinks that the spread-out Lanczos vectors do not.
 */
function smallCnn(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ name: 'conv1', filters: 3, kernelSize: 2, padding: 'same', inputShape: [3, 3, 2] }),
      tfl.layers.batchNormalization({ name: 'bn1' }),
      createActivationLayer({ name: 'tswish', scope: 'layer' }, 'act1'),
      tfl.layers.flatten({ name: 'flatten' }),
      tfl.layers.dense({ name: 'logits', units: 3 }),
    ],
  });
  seedWeights(model, 2, 0.6);
  return model;
}

const bits = (v: Float32Array): Uint32Array => new Uint32Array(v.buffer, v.byteOffset, v.length);

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

/** The eigenpairs of a dense symmetric matrix ordered by |λ|, largest first. */
function byMagnitude(matrix: Float64Array, n: number): { values: number[]; vectors: Float64Array[] } {
  const eigen = symmetricEigen(matrix, n);
  const order = eigen.values.map((_, i) => i).sort((i, j) => Math.abs(eigen.values[j]) - Math.abs(eigen.values[i]));
  return { values: order.map((i) => eigen.values[i]), vectors: order.map((i) => eigen.vectors[i]) };
}

/** The nonzero part of a layout-sized direction, in the order the Hessian's parameters are listed. */
function restricted(direction: Float32Array, pieces: Array<[number, number]>): number[] {
  return pieces.flatMap(([start, end]) => Array.from(direction.subarray(start, end)));
}

describe('Lanczos on a known matrix', () => {
  it('finds the two eigenpairs of largest magnitude, a negative one included, with honest residuals', async () => {
    const n = 60;
    const random = mulberry32(9);
    // A = Q diag(λ) Qᵀ with a random orthogonal Q (Gram–Schmidt of Gaussians).
    const lambdas = Array.from({ length: n }, (_, i) => (i === 0 ? 9 : i === 1 ? -8.5 : 5 * random() - 2));
    const q: Float64Array[] = [];
    for (let i = 0; i < n; i++) {
      const v = Float64Array.from({ length: n }, () => gaussian(random));
      for (const u of q) {
        const c = v.reduce((s, x, k) => s + x * u[k], 0);
        for (let k = 0; k < n; k++) v[k] -= c * u[k];
      }
      const length = Math.hypot(...v);
      q.push(v.map((x) => x / length));
    }
    const matrix = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) matrix[i * n + j] = q.reduce((s, u, k) => s + lambdas[k] * u[i] * u[j], 0);
    const apply = async (v: Float32Array): Promise<Float32Array> => Float32Array.from({ length: n }, (_, i) => v.reduce((s, x, j) => s + matrix[i * n + j] * x, 0));
    const result = await lanczosTopEigenpairs(apply, { count: 2, start: Float32Array.from({ length: n }, () => gaussian(random)), maxSteps: 60, tolerance: 1e-6 });
    expect(result.values[0]).toBeCloseTo(9, 4);
    expect(result.values[1]).toBeCloseTo(-8.5, 4);
    expect(Math.abs(cosine(result.vectors[0], q[0]))).toBeGreaterThan(0.9999);
    expect(Math.abs(cosine(result.vectors[1], q[1]))).toBeGreaterThan(0.9999);
    expect(result.steps).toBeLessThan(60);
    expect(Math.max(...result.estimatedResiduals)).toBeLessThanOrEqual(1e-6);
  });
});

describe('the Hessian plane of a linear softmax model (Hessian in closed form)', () => {
  const model = linearModel(3, 3, 3);
  const batches = randomBatches([5, 3], [1, 1, 3], 3, 11);
  afterAll(() => {
    disposeBatches(batches);
    model.dispose();
  });

  it('is spanned by the exact top two eigenvectors, eigenvalues to 1e-3 relative', async () => {
    const theta = readAllWeights(model);
    const exact = linearHessian(linearProblem(batches), theta.subarray(0, 9), theta.subarray(9));
    const want = byMagnitude(exact.matrix, exact.size);
    const layout = weightLayout(model);
    const plane = await hessianPlane(model, batches, layout, { seed: 0, normalization: 'none', ignore: 'none', activationParams: 'fixed', count: 2 });
    for (const k of [0, 1]) {
      expect(Math.abs(plane.info.eigenvalues[k] - want.values[k]) / Math.abs(want.values[k])).toBeLessThan(1e-3);
      expect(Math.abs(cosine(plane.directions[k], want.vectors[k]))).toBeGreaterThanOrEqual(0.99);
      expect(plane.info.residuals[k]).toBeLessThan(1e-2);
    }
    expect(plane.info).toMatchObject({ parameters: 12, examples: 8, length: 1 });
    expect(bits(readAllWeights(model))).toEqual(bits(theta));
  });
});

describe('the Hessian plane of a CNN with BN and a trainable activation', () => {
  it('matches the eigenvectors of its full Hessian (|cos| ≥ 0.99, λ to 1e-3), moves only kernels, leaves no tensors', async () => {
    const model = smallCnn();
    const batches = randomBatches([16], [3, 3, 2], 3, 21);
    const layout = weightLayout(model);
    const theta = readAllWeights(model);
    const before = tf.memory().numTensors;
    const plane = await hessianPlane(model, batches, layout, { seed: 4, normalization: 'filter', ignore: 'biasbn', activationParams: 'fixed', count: 2, maxSteps: 80, tolerance: 1e-5 });
    expect(tf.memory().numTensors).toBe(before);
    expect(bits(readAllWeights(model))).toEqual(bits(theta));

    // The full Hessian over the same parameters (every kernel), one product per basis vector.
    const operator = await FiniteDifferenceHessian.create(model, batches, { select: (_name, shape) => shape.length >= 2 });
    const n = operator.size;
    const pieces = operator.names.map((name) => {
      const at = layout.names.indexOf(name);
      return [layout.offsets[at], layout.offsets[at] + layout.shapes[at].reduce((a, b) => a * b, 1)] as [number, number];
    });
    const matrix = new Float64Array(n * n);
    let offset = 0;
    for (const shape of operator.shapes) {
      const size = shape.reduce((a, b) => a * b, 1);
      for (let e = 0; e < size; e++) {
        const basis = operator.shapes.map((s) => {
          const values = new Float32Array(s.reduce((a, b) => a * b, 1));
          if (s === shape) values[e] = 1;
          return tf.tensor(values, s);
        });
        const column = await operator.apply(basis);
        const flat = column.flatMap((t) => Array.from(t.dataSync()));
        for (let r = 0; r < n; r++) matrix[r * n + offset + e] = flat[r];
        tf.dispose([...basis, ...column]);
      }
      offset += size;
    }
    operator.dispose();
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) matrix[i * n + j] = matrix[j * n + i] = (matrix[i * n + j] + matrix[j * n + i]) / 2;
    const want = byMagnitude(matrix, n);

    for (const k of [0, 1]) {
      expect(Math.abs(plane.info.eigenvalues[k] - want.values[k]) / Math.abs(want.values[k])).toBeLessThan(1e-3);
      expect(Math.abs(cosine(restricted(plane.directions[k], pieces), want.vectors[k]))).toBeGreaterThanOrEqual(0.99);
    }
    // Scaled to ‖θ‖ of the kernels; zero on biases, BN and the activation parameter.
    const kernelNorm = Math.hypot(...pieces.flatMap(([s, e]) => Array.from(theta.subarray(s, e))));
    const d1 = plane.directions[0];
    expect(Math.hypot(...d1)).toBeCloseTo(kernelNorm, 3);
    layout.names.forEach((name, i) => {
      if (layout.shapes[i].length < 2) expect(Array.from(d1.subarray(layout.offsets[i], layout.offsets[i] + layout.shapes[i].reduce((a, b) => a * b, 1))).every((x) => x === 0), name).toBe(true);
    });
    disposeBatches(batches);
    model.dispose();
  }, 120_000);
});
