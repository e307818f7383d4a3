/**
 * The trained model the surface sections measure: the `quick` preset with
 * relu, one epoch on 2000 built-in MNIST images, trained in this process by
 * the real train job.
 */
import { join } from 'node:path';
import { ExperimentSpecSchema } from '../../src-main/contract.ts';
import { runTrainJob } from '../../src-main/engine/jobs/train-job.ts';
import { readSnapshot, writeSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { recordingContext } from '../support/tiny-snapshot.ts';

export const BENCH_TRAIN_IMAGES = 2000;

export interface BenchSnapshot {
  path: string;
  runId: string;
  trainSeconds: number;
  testAccuracy: number | null;
}

export async function trainBenchSnapshot(dir: string): Promise<BenchSnapshot> {
  const experiment = ExperimentSpecSchema.parse({
    name: 'bench',
    data: { source: 'mnist', trainLimit: BENCH_TRAIN_IMAGES, testLimit: 500, subsetSeed: 1 },
    runs: [{ id: 'relu', label: 'relu', activation: { name: 'relu' }, network: { preset: 'quick' }, train: { epochs: 1, batchSize: 64, seed: 1 } }],
  });
  const path = join(dir, 'bench.lab');
  const started = performance.now();
  const result = await runTrainJob({ kind: 'train', experiment, out: path }, recordingContext());
  const run = result.runs[0];
  if (!run || run.status !== 'completed') throw new Error(`Training the bench model failed: ${run?.message ?? 'no run'}`);
  return { path, runId: run.id, trainSeconds: (performance.now() - started) / 1000, testAccuracy: run.final?.testAccuracy ?? null };
}

/**
 * A copy of the snapshot whose data set is a wider part of the training split
 * (`limit` images, or all 60 000 when null) than the 2000 the model was
 * trained on, so a surface can be evaluated on full data without an epoch
 * over 60 000 images first. The raw data set is the same (same checksum);
 * only the subset and the standardisation statistics drawn from it widen.
 */
export async function widenTrainingSet(source: string, out: string, limit: number | null): Promise<string> {
  const snapshot = await readSnapshot(source);
  const data = { ...snapshot.header.data };
  if (limit === null) delete data.trainLimit;
  else data.trainLimit = limit;
  snapshot.header = { ...snapshot.header, data };
  snapshot.surfaces = [];
  await writeSnapshot(out, snapshot);
  return out;
}
