import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { activationParamAxis, activationParamValues } from '../../src-main/engine/landscape/activation-axis.ts';
import { randomDirection, randomPlane } from '../../src-main/engine/landscape/directions.ts';
import { pointAt, surfaceGrid } from '../../src-main/engine/landscape/grid.ts';
import { PlanePerturber } from '../../src-main/engine/landscape/plane.ts';
import { evaluateBatches } from '../../src-main/engine/network/evaluate.ts';
import { readAllWeights, weightLayout } from '../../src-main/engine/training/weights.ts';
import { disposeBatches, linearLoss, linearModel, linearProblem, randomBatches, tinyNetwork } from './landscape-fixtures.ts';

const bits = (v: Float32Array): Uint32Array => new Uint32Array(v.buffer, v.byteOffset, v.length);

describe('a plane through a linear softmax model', () => {
  const features = 4;
  const classes = 3;
  const model = linearModel(features, classes, 3);
  const batches = randomBatches([5, 2], [1, 1, features], classes, 11);
  const problem = linearProblem(batches);
  afterAll(() => {
    disposeBatches(batches);
    model.dispose();
  });

  it('has exactly the loss the closed form gives at every point', async () => {
    const layout = weightLayout(model);
    const theta = readAllWeights(model);
    // ignore none: the bias moves too, along itself, so b(α, β) = b·(1 + α + β).
    const [d1, d2] = randomPlane(theta, layout, { seed: 5, normalization: 'filter', ignore: 'none', activationParams: 'fixed', twoDimensional: true });
    const kernelSize = features * classes;
    const grid = surfaceGrid({ min: -1.5, max: 1.5, num: 9 }, { min: -1, max: 1, num: 7 });
    const perturber = PlanePerturber.create(model, { d1, d2 });
    let largest = 0;
    try {
      for (let p = 0; p < grid.size; p++) {
        const { x: a, y: b } = pointAt(grid, p);
        perturber.moveTo(a, b);
        const got = (await evaluateBatches(model, batches)).loss;
        const kernel = Array.from({ length: kernelSize }, (_, e) => theta[e] + a * d1[e] + b * d2![e]);
        const bias = Array.from({ length: classes }, (_, j) => theta[kernelSize + j] * (1 + a + b));
        const want = linearLoss(problem, kernel, bias);
        largest = Math.max(largest, want);
        expect(Math.abs(got - want)).toBeLessThan(1e-5 * Math.max(1, want));
      }
    } finally {
      perturber.restore();
      perturber.dispose();
    }
    // The grid reaches losses far from the centre's, so the check covers the rim, not just a flat patch.
    expect(largest).toBeGreaterThan(2 * linearLoss(problem, theta.subarray(0, kernelSize), theta.subarray(kernelSize)));
  });
});

describe('perturbing a CNN in place', () => {
  const model = tinyNetwork(2, 'tswish');
  const batches = randomBatches([16, 8], [8, 8, 3], 3, 21);
  const layout = weightLayout(model);
  afterAll(() => {
    disposeBatches(batches);
    model.dispose();
  });

  it('gives the unperturbed loss at the centre and bit-identical weights after many points', async () => {
    const original = readAllWeights(model);
    const unperturbed = await evaluateBatches(model, batches);
    const [d1, d2] = randomPlane(original, layout, { seed: 9, normalization: 'filter', ignore: 'biasbn', activationParams: 'move', twoDimensional: true });
    const perturber = PlanePerturber.create(model, { d1, d2 });
    perturber.moveTo(0.6, -0.4);
    const away = await evaluateBatches(model, batches);
    expect(Math.abs(away.loss - unperturbed.loss)).toBeGreaterThan(1e-3);
    perturber.moveTo(0, 0);
    const centre = await evaluateBatches(model, batches);
    expect(centre.loss).toBe(unperturbed.loss);
    expect(centre.accuracy).toBe(unperturbed.accuracy);
    const grid = surfaceGrid({ min: -1, max: 1, num: 6 }, { min: -1, max: 1, num: 5 });
    for (let p = 0; p < grid.size; p++) {
      perturber.moveTo(pointAt(grid, p).x, pointAt(grid, p).y);
      await evaluateBatches(model, batches);
    }
    perturber.moveTo(0.6, -0.4);
    expect((await evaluateBatches(model, batches)).loss).toBe(away.loss);
    perturber.restore();
    expect(bits(readAllWeights(model))).toEqual(bits(original));
    perturber.dispose();
  });

  it('writes θ₀ + α·d₁ + β·d₂ and leaves the weights the plane does not move untouched', () => {
    const original = readAllWeights(model);
    const d1 = randomDirection(original, layout, { seed: 1, normalization: 'layer', ignore: 'biasbn', activationParams: 'fixed' });
    const perturber = PlanePerturber.create(model, { d1 });
    expect(perturber.twoDimensional).toBe(false);
    perturber.moveTo(0.37);
    const moved = readAllWeights(model);
    perturber.restore();
    perturber.dispose();
    moved.forEach((v, e) => {
      if (d1[e] === 0) expect(v).toBe(original[e]);
      else expect(Math.abs(v - (original[e] + 0.37 * d1[e]))).toBeLessThanOrEqual(1e-6 * (Math.abs(original[e]) + Math.abs(d1[e])));
    });
    // Only the kernels move: 3 of them (conv1, conv2, dense1) plus the logits kernel.
    expect(perturber.movingWeights).toBe(4);
  });

  it('slices along an activation parameter: the y coordinate is the value of z itself', async () => {
    const original = readAllWeights(model);
    const axis = activationParamAxis(original, layout, 'z');
    const d1 = randomDirection(original, layout, { seed: 3, normalization: 'filter', ignore: 'biasbn', activationParams: 'fixed' });
    const perturber = PlanePerturber.create(model, { origin: axis.origin, d1, d2: axis.direction });
    perturber.moveTo(0.25, 1.7);
    expect(activationParamValues(readAllWeights(model), layout, 'z')).toEqual([1.7, 1.7, 1.7].map(Math.fround));
    const zValues = activationParamValues(original, layout, 'z');
    perturber.moveTo(0, zValues[0]);
    // All layers share one z on this axis; the trained model had one per layer, so it is not on it exactly.
    expect(activationParamValues(readAllWeights(model), layout, 'z')).toEqual([zValues[0], zValues[0], zValues[0]]);
    perturber.restore();
    expect(bits(readAllWeights(model))).toEqual(bits(original));
    perturber.dispose();
  });

  it('does not grow the number of tensors over 200 grid points', async () => {
    const before = tf.memory().numTensors;
    const original = readAllWeights(model);
    const [d1, d2] = randomPlane(original, layout, { seed: 4, normalization: 'filter', ignore: 'none', activationParams: 'move', twoDimensional: true });
    const perturber = PlanePerturber.create(model, { d1, d2 });
    const grid = surfaceGrid({ min: -1, max: 1, num: 20 }, { min: -1, max: 1, num: 10 });
    perturber.moveTo(pointAt(grid, 0).x, pointAt(grid, 0).y);
    await evaluateBatches(model, batches);
    const afterBurnIn = tf.memory().numTensors;
    for (let p = 0; p < grid.size; p++) {
      perturber.moveTo(pointAt(grid, p).x, pointAt(grid, p).y);
      await evaluateBatches(model, batches);
    }
    expect(grid.size).toBe(200);
    expect(tf.memory().numTensors).toBe(afterBurnIn);
    perturber.restore();
    perturber.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
