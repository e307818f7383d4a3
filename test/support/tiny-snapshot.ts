/**
 * A small trained snapshot for integration tests: the `tiny` preset trained
 * for two epochs on a few hundred built-in MNIST images, written once per
 * test file into a temporary folder.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExperimentSpecSchema, type EngineEvent, type ExperimentSpec } from '../../src-main/contract.ts';
import { createJobContext, type JobContext } from '../../src-main/engine/jobs/job-context.ts';
import { runTrainJob } from '../../src-main/engine/jobs/train-job.ts';

export function tinyExperiment(activations: Array<{ name: string; batchNorm?: boolean }> = [{ name: 'relu' }, { name: 'tsqrt' }]): ExperimentSpec {
  return ExperimentSpecSchema.parse({
    name: 'tiny test',
    data: { source: 'mnist', trainLimit: 384, testLimit: 128, subsetSeed: 3 },
    runs: activations.map((a) => ({
      id: `${a.name}${a.batchNorm ? '-bn' : ''}`,
      label: a.name,
      activation: { name: a.name },
      network: { preset: 'tiny', batchNorm: Boolean(a.batchNorm) },
      train: { epochs: 3, batchSize: 64, seed: 5, learningRate: 3e-3, activationLearningRate: 1e-3 },
    })),
  });
}

/** A job context that records every event, for jobs run in-process. */
export function recordingContext(events: EngineEvent[] = [], controller = new AbortController()): JobContext {
  return createJobContext('test', (event) => events.push(event), controller.signal, 0);
}

export async function temporaryFolder(prefix = 'lab-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Trains the tiny experiment into `<dir>/tiny.lab` and returns its path. */
export async function trainTinySnapshot(dir: string, experiment = tinyExperiment()): Promise<string> {
  const out = join(dir, 'tiny.lab');
  await runTrainJob({ kind: 'train', experiment, out }, recordingContext());
  return out;
}
