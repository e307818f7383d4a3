import { describe, expect, it } from 'vitest';
import { NetworkSpecSchema, plannedCheckpointCount, TrainSettingsSchema } from '../../src-main/contract.ts';
import { loadDataset } from '../../src-main/engine/data/load-dataset.ts';
import { buildNetwork } from '../../src-main/engine/network/build-network.ts';
import { withSeededMathRandom } from '../../src-main/engine/training/seeded-math-random.ts';
import { trainRun } from '../../src-main/engine/training/train-run.ts';
import { readAllWeights } from '../../src-main/engine/training/weights.ts';

// 2 epochs of 10 batches of 32.
const data = await loadDataset({ source: 'mnist', trainLimit: 10 * 32, testLimit: 64, subsetSeed: 5, downsample: 1 });
const network = NetworkSpecSchema.parse({ preset: 'tiny' });

async function trainWithCheckpoints(settings: Record<string, unknown>) {
  const full = TrainSettingsSchema.parse({ epochs: 1, batchSize: 32, learningRate: 3e-3, seed: 2, ...settings });
  return withSeededMathRandom(full.seed, async () => {
    const model = buildNetwork({ inputShape: data.inputShape, numClasses: 10, activation: { name: 'tswish', scope: 'layer' }, network });
    try {
      const checkpoints: Array<{ epoch: number; step: number; weights: Float32Array }> = [];
      // What training had after each step, read independently of the checkpoint path.
      const afterStep = new Map<number, Float32Array>([[0, readAllWeights(model)]]);
      let step = 0;
      const outcome = await trainRun(model, data, network, full, {
        onCheckpoint: (epoch, weights, at) => checkpoints.push({ epoch, step: at, weights }),
        onBatch: () => afterStep.set(++step, readAllWeights(model)),
      });
      return { outcome, checkpoints, afterStep, final: readAllWeights(model) };
    } finally {
      model.dispose();
    }
  });
}

describe('checkpoints every k steps', () => {
  it('stores ⌈steps / k⌉ checkpoints and the initial weights, each the weights training had at its step', async () => {
    const { outcome, checkpoints, afterStep, final } = await trainWithCheckpoints({ checkpointEvery: 3, checkpointUnit: 'steps' });
    expect(outcome.status).toBe('completed');
    expect(afterStep.size).toBe(11);
    expect(checkpoints.map((c) => c.step)).toEqual([0, 3, 6, 9, 10]);
    expect(checkpoints).toHaveLength(Math.ceil(10 / 3) + 1);
    expect(plannedCheckpointCount({ epochs: 1, checkpointEvery: 3, checkpointUnit: 'steps' }, 10)).toBe(checkpoints.length);
    expect(checkpoints.map((c) => c.epoch)).toEqual([0, 1, 1, 1, 1]);
    for (const c of checkpoints) expect(Array.from(c.weights), `step ${c.step}`).toEqual(Array.from(afterStep.get(c.step)!));
    // The weights do change between checkpoints, and the last one is the trained model.
    expect(Array.from(checkpoints[1].weights)).not.toEqual(Array.from(checkpoints[2].weights));
    expect(Array.from(checkpoints.at(-1)!.weights)).toEqual(Array.from(final));
  });

  it('counts steps over the whole run and names each checkpoint by the epoch it fell in', async () => {
    const { checkpoints } = await trainWithCheckpoints({ epochs: 2, checkpointEvery: 4, checkpointUnit: 'steps' });
    expect(checkpoints.map((c) => [c.epoch, c.step])).toEqual([[0, 0], [1, 4], [1, 8], [2, 12], [2, 16], [2, 20]]);
  });

  it('keeps checkpoints by epochs as they were, with the step at each epoch’s end', async () => {
    const { checkpoints } = await trainWithCheckpoints({ epochs: 2, checkpointEvery: 1 });
    expect(checkpoints.map((c) => [c.epoch, c.step])).toEqual([[0, 0], [1, 10], [2, 20]]);
  });
});
