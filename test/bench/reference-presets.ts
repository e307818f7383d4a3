/**
 * The trained models the reference section compares on, one per preset:
 * - quick: the `quick` preset with ReLU, one epoch on 2000 built-in MNIST
 *   images (the other sections' model), evaluated on 1000 of them;
 * - seed: the study's `seed` preset (≈4.8 M parameters, 16×16×3 input) with
 *   ReLU, one epoch on a generated CIFAR-shaped data set (random pixels in
 *   the official binary format, downsampled 2×), evaluated on 256 images.
 * The data are not what matters here: both sides evaluate the same network
 * on the same images, and the time is the same for any pixels.
 */
import { join } from 'node:path';
import { ExperimentSpecSchema } from '../../src-main/contract.ts';
import { runTrainJob } from '../../src-main/engine/jobs/train-job.ts';
import { writeCifarFixture } from '../support/fixtures.ts';
import { recordingContext } from '../support/tiny-snapshot.ts';
import { trainBenchSnapshot } from './bench-snapshot.ts';

export const REFERENCE_PRESETS = ['quick', 'seed'] as const;
export type ReferencePreset = (typeof REFERENCE_PRESETS)[number];

export interface PresetModel {
  preset: ReferencePreset;
  snapshot: string;
  runId: string;
  evalImages: number;
  description: string;
}

const SEED_TRAIN_PER_BATCH = 100;

async function seedSnapshot(dir: string): Promise<PresetModel> {
  const cifar = await writeCifarFixture(join(dir, 'cifar-shaped'), { trainPerBatch: SEED_TRAIN_PER_BATCH, test: 64 });
  const experiment = ExperimentSpecSchema.parse({
    name: 'reference bench, seed preset',
    data: { source: 'cifar10', path: cifar.path, downsample: 2, subsetSeed: 1 },
    runs: [{ id: 'relu', label: 'relu', activation: { name: 'relu' }, network: { preset: 'seed' }, train: { epochs: 1, batchSize: 64, seed: 1 } }],
  });
  const path = join(dir, 'seed.lab');
  const result = await runTrainJob({ kind: 'train', experiment, out: path }, recordingContext());
  if (result.runs[0]?.status !== 'completed') throw new Error(`Training the seed bench model failed: ${result.runs[0]?.message ?? 'no run'}`);
  return {
    preset: 'seed',
    snapshot: path,
    runId: 'relu',
    evalImages: 256,
    description: `seed preset (16×16×3), ReLU, 1 epoch on ${SEED_TRAIN_PER_BATCH * 5} generated CIFAR-shaped images`,
  };
}

export async function presetModel(preset: ReferencePreset, dir: string): Promise<PresetModel> {
  if (preset === 'seed') return seedSnapshot(dir);
  const quick = await trainBenchSnapshot(dir);
  return { preset, snapshot: quick.path, runId: quick.runId, evalImages: 1000, description: 'quick preset, ReLU, 1 epoch on 2000 built-in MNIST images' };
}
