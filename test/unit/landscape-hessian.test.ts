import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { hessianEstimate, hutchinsonTrace, randomParameterVector, topEigenvalue } from '../../src-main/engine/landscape/hessian.ts';
import { FiniteDifferenceHessian } from '../../src-main/engine/landscape/hessian-vector.ts';
import type { HessianOperator, ParameterVector } from '../../src-main/engine/landscape/hessian-vector.ts';
import { symmetricEigen } from '../../src-main/engine/landscape/symmetric-eigen.ts';
import { readAllWeights } from '../../src-main/engine/training/weights.ts';
import { disposeBatches, linearHessian, linearModel, linearProblem, randomBatches, tinyNetwork } from './landscape-fixtures.ts';

const bits = (v: Float32Array): Uint32Array => new Uint32Array(v.buffer, v.byteOffset, v.length);
const flatten = (v: ParameterVector): number[] => v.flatMap((t) => Array.from(t.dataSync()));

/** H·v in float64 for a dense row-major matrix. */
function multiply(matrix: Float64Array, size: number, v: readonly number[]): number[] {
  return Array.from({ length: size }, (_, i) => v.reduce((s, vj, j) => s + matrix[i * size + j] * vj, 0));
}

describe('the Hessian of a linear softmax model', () => {
  const features = 3;
  const classes = 3;
  const model = linearModel(features, classes, 3);
  const batches = randomBatches([5, 3], [1, 1, features], classes, 11);
  const theta = readAllWeights(model);
  const exact = linearHessian(linearProblem(batches), theta.subarray(0, features * classes), theta.subarray(features * classes));
  const eigen = symmetricEigen(exact.matrix, exact.size);
  const trace = Array.from({ length: exact.size }, (_, i) => exact.matrix[i * exact.size + i]).reduce((a, b) => a + b, 0);
  afterAll(() => {
    disposeBatches(batches);
    model.dispose();
  });

  it('is applied to a vector by finite differences to within 1e-3', async () => {
    const operator = await FiniteDifferenceHessian.create(model, batches);
    const v = randomParameterVector(operator.shapes, 7, 0, 'gaussian');
    const product = await operator.apply(v);
    const hv = flatten(product);
    const want = multiply(exact.matrix, exact.size, flatten(v));
    tf.dispose([...v, ...product]);
    operator.dispose();
    const error = Math.hypot(...want.map((w, i) => w - hv[i])) / Math.hypot(...want);
    expect(error).toBeLessThan(1e-3);
    expect(bits(readAllWeights(model))).toEqual(bits(theta));
  });

  it('has its top eigenvalue found by power iteration to within 1 %', async () => {
    const estimate = await hessianEstimate(model, batches, { samples: 2, seed: 3 });
    expect(Math.abs(estimate.topEigenvalue - eigen.values[0]) / eigen.values[0]).toBeLessThan(0.01);
    expect(estimate.powerIterations).toBeGreaterThan(1);
    expect(estimate.powerIterations).toBeLessThanOrEqual(20);
    expect(estimate).toMatchObject({ method: 'finite-difference', parameters: 12, traceSamples: 2 });
  });

  it('has its trace estimated without bias: exactly the mean of zᵀHz over the same probes, near the true trace', async () => {
    const samples = 40;
    const estimate = await hessianEstimate(model, batches, { samples, seed: 5, iterations: 3 });
    const shapes = [[features, classes], [classes]];
    let probeMean = 0;
    for (let s = 0; s < samples; s++) {
      const probe = randomParameterVector(shapes, 5, s + 1, 'rademacher');
      const z = flatten(probe);
      tf.dispose(probe);
      probeMean += multiply(exact.matrix, exact.size, z).reduce((acc, hz, i) => acc + hz * z[i], 0) / samples;
    }
    expect(Math.abs(estimate.trace - probeMean) / trace).toBeLessThan(1e-3);
    expect(Math.abs(estimate.trace - trace)).toBeLessThan(4 * estimate.traceStandardError);
    expect(estimate.traceStandardError).toBeLessThan(0.1 * trace);
  });
});

describe('power iteration and Hutchinson on a known operator', () => {
  /** diag(values) on one parameter of shape [n]. */
  const diagonal = (values: number[]): HessianOperator => ({
    shapes: [[values.length]],
    apply: async (v) => [tf.tidy(() => tf.mul(v[0], tf.tensor1d(values)))],
  });

  it('find the eigenvalue of largest magnitude and the exact trace of a diagonal matrix', async () => {
    const operator = diagonal([1, -4, 0.5, 2, 0.25]);
    const before = tf.memory().numTensors;
    const top = await topEigenvalue(operator, { iterations: 200, tolerance: 1e-9 });
    expect(top.value).toBeCloseTo(-4, 5);
    // Rademacher probes make zᵀDz = trace(D) exactly.
    const trace = await hutchinsonTrace(operator, { samples: 3 });
    expect(trace.value).toBeCloseTo(-0.25, 6);
    expect(trace.standardError).toBeCloseTo(0, 6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stop early once the estimate settles, and can be cancelled', async () => {
    const top = await topEigenvalue(diagonal([10, 1, 1, 1]), { iterations: 50 });
    expect(top.iterations).toBeLessThan(10);
    await expect(topEigenvalue(diagonal([1, 2]), { shouldStop: () => true })).rejects.toThrow(/cancelled/);
  });
});

describe('the Hessian of a CNN', () => {
  it('leaves the weights bit-identical and no tensors behind', async () => {
    const model = tinyNetwork(4, 'tsqrt_tanh');
    const batches = randomBatches([12], [8, 8, 3], 3, 31);
    const original = readAllWeights(model);
    const before = tf.memory().numTensors;
    const estimate = await hessianEstimate(model, batches, { iterations: 4, samples: 2, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(bits(readAllWeights(model))).toEqual(bits(original));
    expect(Number.isFinite(estimate.topEigenvalue) && Number.isFinite(estimate.trace)).toBe(true);
    // Network weights only: the activation's k is left out by default.
    const withActivation = await hessianEstimate(model, batches, { iterations: 1, samples: 1, includeActivationParams: true });
    expect(withActivation.parameters - estimate.parameters).toBe(3);
    disposeBatches(batches);
    model.dispose();
  });
});
