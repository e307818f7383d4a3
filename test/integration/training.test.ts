import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { NetworkSpecSchema, TrainSettingsSchema, type TrainSettings } from '../../src-main/contract.ts';
import { loadDataset } from '../../src-main/engine/data/load-dataset.ts';
import { registerTrainingKernels } from '../../src-main/engine/kernels/register-training-kernels.ts';
import { buildNetwork } from '../../src-main/engine/network/build-network.ts';
import { withSeededMathRandom } from '../../src-main/engine/training/seeded-math-random.ts';
import { trainRun, type TrainCallbacks, type TrainingData } from '../../src-main/engine/training/train-run.ts';

const data = await loadDataset({ source: 'mnist', trainLimit: 30 * 32, testLimit: 64, subsetSeed: 11, downsample: 1 });
const network = NetworkSpecSchema.parse({ preset: 'tiny', batchNorm: true });

async function train(
  activation: string,
  settings: Partial<TrainSettings>,
  callbacks: TrainCallbacks = {},
  trainingData: TrainingData = data,
) {
  const full = TrainSettingsSchema.parse({ epochs: 1, batchSize: 32, learningRate: 3e-3, activationLearningRate: 3e-2, seed: 4, checkpointEvery: 0, ...settings });
  return withSeededMathRandom(full.seed, async () => {
    const model = buildNetwork({ inputShape: data.inputShape, numClasses: 10, activation: { name: activation, scope: 'layer' }, network });
    try {
      const outcome = await trainRun(model, trainingData, network, full, callbacks);
      return { outcome, params: outcome.history.at(-1)?.activationParams ?? {} };
    } finally {
      model.dispose();
    }
  });
}

describe.each(['wasm', 'cpu'])('training on the %s backend', (backend) => {
  const previous = tf.getBackend();
  afterAll(async () => {
    await tf.setBackend(previous);
  });

  it('lowers the loss over 30 steps on real images and moves the trainable activation parameter', async () => {
    await tf.setBackend(backend);
    registerTrainingKernels(backend);
    const losses: number[] = [];
    const { outcome, params } = await train('tswish', {}, { onBatch: (p) => losses.push(p.batchLoss) });
    expect(outcome.status).toBe('completed');
    expect(losses).toHaveLength(30);
    const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) - 0.3);
    for (const [name, values] of Object.entries(params)) expect(Math.abs(values[0] - Math.E), name).toBeGreaterThan(1e-3);
    expect(Object.keys(params)).toEqual(['act1/z', 'act2/z', 'act3/z']);
  });
});

describe('training', () => {
  it('does not grow the number of tensors across 20 steps after a burn-in step', async () => {
    const counts: number[] = [];
    await train('tsqrt_tanh', {}, { onBatch: () => counts.push(tf.memory().numTensors) });
    expect(counts.length).toBeGreaterThanOrEqual(21);
    expect(counts[20]).toBe(counts[0]);
    expect(new Set(counts.slice(0, 21)).size).toBe(1);
  });

  it('gives the same curves for the same seed, and different ones for another seed', async () => {
    const a = await train('relu', { epochs: 2 });
    const b = await train('relu', { epochs: 2 });
    const c = await train('relu', { epochs: 2, seed: 5 });
    const curve = (r: typeof a) => r.outcome.history.map((h) => [h.trainLoss, h.testLoss, h.testAccuracy]);
    expect(curve(b)).toEqual(curve(a));
    expect(curve(c)).not.toEqual(curve(a));
  });

  it('stops within one batch when cancelled, and says where', async () => {
    let batches = 0;
    const { outcome } = await train('relu', {}, { onBatch: () => (batches += 1), shouldStop: () => batches >= 3 });
    expect(outcome.status).toBe('cancelled');
    expect(batches).toBe(3);
    expect(outcome.message).toMatch(/epoch 1, batch 4 of 30/);
  });

  it('stops on a non-finite loss with a message naming the epoch and batch, keeping the last good weights', async () => {
    const poisoned = { ...data, train: { ...data.train, x: Float32Array.from(data.train.x) } };
    // Every example gets one NaN pixel (ReLU and max-pooling would swallow a NaN; tanh passes it on).
    for (let i = 0; i < poisoned.train.count; i++) poisoned.train.x[i * 28 * 28 + 400] = NaN;
    const { outcome } = await train('tanh', { epochs: 1 }, {}, poisoned);
    expect(outcome.status).toBe('diverged');
    expect(outcome.message).toMatch(/The loss became NaN at epoch 1, batch \d+ of 30/);
    expect(outcome.message).toMatch(/weights of epoch 0 were kept/);
  });
});
