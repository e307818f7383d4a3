/**
 * Divergence is named: a non-finite loss and a loss above 100 × ln C each end
 * the run as `diverged` at the batch that showed it, keep the last good
 * weights, and leave the other runs of a job to go on.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExperimentSpecSchema, NetworkSpecSchema, TrainSettingsSchema, type TrainSettings } from '../../src-main/contract.ts';
import { describeRunOutcome } from '../../src-main/cli/train-command.ts';
import { buildNetwork } from '../../src-main/engine/network/build-network.ts';
import { divergenceLimit } from '../../src-main/engine/training/divergence.ts';
import { withSeededMathRandom } from '../../src-main/engine/training/seeded-math-random.ts';
import { trainRun, type TrainingData } from '../../src-main/engine/training/train-run.ts';
import { readAllWeights } from '../../src-main/engine/training/weights.ts';
import { mulberry32 } from '../../src-main/engine/data/seeded-random.ts';
import { runTrainJob } from '../../src-main/engine/jobs/train-job.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { recordingContext, temporaryFolder } from '../support/tiny-snapshot.ts';

const SHAPE: [number, number, number] = [12, 12, 1];

/** Random standardised images with cyclic labels: nothing to learn, which is fine here. */
function generatedData(train = 256, test = 32): TrainingData {
  const random = mulberry32(9);
  const split = (count: number) => ({
    x: Float32Array.from({ length: count * SHAPE[0] * SHAPE[1] }, () => 2 * random() - 1),
    y: Uint8Array.from({ length: count }, (_, i) => i % 10),
    count,
  });
  return { inputShape: SHAPE, train: split(train), test: split(test) };
}

const network = NetworkSpecSchema.parse({ preset: 'tiny', batchNorm: false });

/** Trains the tiny net; settings bypass the schema's bounds on purpose (a learning rate of 1e30). */
async function train(settings: Partial<TrainSettings>) {
  const full: TrainSettings = { ...TrainSettingsSchema.parse({ epochs: 2, batchSize: 32, seed: 3, checkpointEvery: 1 }), ...settings };
  return withSeededMathRandom(full.seed, async () => {
    const model = buildNetwork({ inputShape: SHAPE, numClasses: 10, activation: { name: 'relu', scope: 'layer' }, network });
    try {
      const checkpoints = new Map<number, Float32Array>();
      const batchLosses: number[] = [];
      const outcome = await trainRun(model, generatedData(), network, full, {
        onCheckpoint: (epoch, weights) => checkpoints.set(epoch, weights),
        onBatch: (p) => batchLosses.push(p.batchLoss),
      });
      return { outcome, checkpoints, batchLosses, finalWeights: readAllWeights(model) };
    } finally {
      model.dispose();
    }
  });
}

describe('divergence during training', () => {
  it('a learning rate of 1e30 makes the loss non-finite; the run is diverged at that step with the initial weights kept', async () => {
    const { outcome, checkpoints, batchLosses, finalWeights } = await train({ learningRate: 1e30, activationLearningRate: 1e30 });
    expect(outcome.status).toBe('diverged');
    expect(outcome.divergence).toMatchObject({ epoch: 1, reason: 'non-finite', keptEpoch: 0 });
    expect(Number.isFinite(outcome.divergence!.loss)).toBe(false);
    // Every batch before it was finite and below the limit: the non-finite check, not the 100× rule, fired.
    expect(batchLosses).toHaveLength(outcome.divergence!.step - 1);
    for (const loss of batchLosses) expect(loss).toBeLessThan(divergenceLimit(10));
    expect(outcome.message).toMatch(/^The loss became (NaN|-?Infinity) at epoch 1, batch \d+ of 8: the run diverged; training stopped and the weights of epoch 0 were kept/);
    expect(finalWeights).toEqual(checkpoints.get(0));
    expect(outcome.history).toEqual([]);
  });

  it('a finite loss above 100 × ln 10 counts as diverged too, and the weights of the last finished epoch are kept', async () => {
    const limit = divergenceLimit(10);
    expect(limit).toBeCloseTo(230.26, 2);
    const { outcome, checkpoints, batchLosses, finalWeights } = await train({ learningRate: 10, activationLearningRate: 10 });
    expect(outcome.status).toBe('diverged');
    const d = outcome.divergence!;
    expect(d.reason).toBe('above-limit');
    expect(Number.isFinite(d.loss)).toBe(true);
    expect(d.loss).toBeGreaterThan(limit);
    expect(d.limit).toBe(limit);
    expect(Math.max(...batchLosses)).toBeLessThanOrEqual(limit);
    expect(outcome.message).toContain(`at epoch ${d.epoch}, batch ${d.step} of 8: the run diverged`);
    expect(outcome.history).toHaveLength(d.epoch - 1);
    expect(finalWeights).toEqual(checkpoints.get(d.keptEpoch));
  });

  it('in a training job, marks the diverged run in the snapshot and the summary line while the next run completes', async () => {
    const run = (id: string, learningRate: number) => ({
      id,
      label: id,
      activation: { name: 'relu' },
      network: { preset: 'tiny' },
      train: { epochs: 1, batchSize: 64, seed: 5, learningRate, activationLearningRate: learningRate },
    });
    const experiment = ExperimentSpecSchema.parse({
      name: 'divergence',
      data: { source: 'mnist', trainLimit: 256, testLimit: 64, subsetSeed: 3 },
      runs: [run('wild', 10), run('calm', 1e-3)],
    });
    const out = join(await temporaryFolder(), 'divergence.lab');
    const result = await runTrainJob({ kind: 'train', experiment, out }, recordingContext());
    expect(result.runs.map((r) => r.status)).toEqual(['diverged', 'completed']);
    const [wild, calm] = result.runs;
    expect(wild.divergence).toMatchObject({ epoch: 1, reason: 'above-limit', keptEpoch: 0 });
    expect(describeRunOutcome(wild)).toMatch(new RegExp(`^wild: diverged at epoch 1, step ${wild.divergence!.step} \\(loss [0-9.e+]+\\), no epoch finished — The loss reached`));
    expect(describeRunOutcome(calm)).toMatch(/^calm: completed, test accuracy/);

    const snapshot = await readSnapshot(out);
    expect(snapshot.runs.map((r) => r.status)).toEqual(['diverged', 'completed']);
    expect(snapshot.runs[0].divergence).toEqual(wild.divergence);
    expect(snapshot.runs[0].message).toBe(wild.message);
    // The initial weights are what the diverged run keeps: its one checkpoint.
    expect(snapshot.runs[0].checkpointEpochs).toEqual([0]);
  });
});
