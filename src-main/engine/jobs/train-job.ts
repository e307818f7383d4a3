/**
 * The `train` job: trains one model per run of an experiment and writes a
 * snapshot after every run, so a killed engine loses at most the run in
 * progress.
 */
import * as tf from '@tensorflow/tfjs-core';
import { appendBatchLoss, batchLossX, type BatchLoss, type DataIdentity, type Divergence, type EpochRecord, type RunData, type RunSpec, type Snapshot, type TrainJob } from '../../contract.ts';
import { APP_VERSION } from '../../app-version.ts';
import { currentBackend, formatBackendReport } from '../backend.ts';
import { loadDataset, type Dataset } from '../data/load-dataset.ts';
import { buildNetwork, countParameters } from '../network/build-network.ts';
import { modelToArtifacts } from '../snapshot/model-artifacts.ts';
import { writeSnapshot } from '../snapshot/snapshot-file.ts';
import { withSeededMathRandom } from '../training/seeded-math-random.ts';
import { activationParameterValues, trainRun } from '../training/train-run.ts';
import { weightLayout } from '../training/weights.ts';
import type { JobContext } from './job-context.ts';

export interface RunSummary {
  id: string;
  label: string;
  activation: string;
  status: RunData['status'];
  message: string | null;
  /** Where and how the run diverged (status `diverged`). */
  divergence: Divergence | null;
  parameterCounts: RunData['parameterCounts'];
  final: Omit<EpochRecord, 'activationParams' | 'seconds' | 'epoch'> | null;
  activationParams: Record<string, number[]>;
  seconds: number;
}

export interface TrainResult {
  snapshot: string;
  backend: string;
  runs: RunSummary[];
}

export function dataIdentityOf(dataset: Dataset): DataIdentity {
  return {
    source: dataset.identity.source,
    sha256: dataset.identity.sha256,
    trainCount: dataset.train.count,
    testCount: dataset.test.count,
    inputShape: dataset.inputShape,
    numClasses: dataset.numClasses,
    classNames: dataset.classNames,
  };
}

export async function runTrainJob(job: TrainJob, context: JobContext): Promise<TrainResult> {
  const { experiment } = job;
  context.progress({ phase: 'Loading data', done: 0, total: 1 }, true);
  const dataset = await loadDataset(experiment.data, {
    cacheDir: job.cacheDir,
    signal: context.signal,
    onProgress: (p) => context.progress({ phase: p.phase, done: p.done, total: p.total }),
  });
  const backend = currentBackend();
  const backendInfo = { chosen: backend?.chosen ?? tf.getBackend(), description: backend ? formatBackendReport(backend) : tf.getBackend() };
  const now = new Date().toISOString();
  const snapshot: Snapshot = {
    appVersion: APP_VERSION,
    header: { name: experiment.name, createdAt: now, updatedAt: now, data: experiment.data, dataIdentity: dataIdentityOf(dataset), runIds: [], surfaceIds: [] },
    runs: [],
    surfaces: [],
  };
  const batchesPerEpoch = (run: RunSpec): number => Math.ceil(dataset.train.count / run.train.batchSize);
  const totalBatches = experiment.runs.reduce((n, run) => n + batchesPerEpoch(run) * run.train.epochs, 0);
  let batchesBefore = 0;
  const summaries: RunSummary[] = [];

  for (const spec of experiment.runs) {
    context.throwIfCancelled();
    const started = performance.now();
    const run = await withSeededMathRandom(spec.train.seed, async () => {
      const model = buildNetwork({ inputShape: dataset.inputShape, numClasses: dataset.numClasses, activation: spec.activation, network: spec.network });
      try {
        const parameterCounts = countParameters(model, spec.network);
        context.emit({ type: 'run-started', runId: spec.id, parameterCounts });
        const checkpoints: Array<{ epoch: number; step: number; weights: Float32Array }> = [];
        // Every batch's running loss (thinned as the Training view thins it): the chart after Open.
        const batchLoss: BatchLoss = { x: [], y: [] };
        const outcome = await trainRun(model, dataset, spec.network, spec.train, {
          shouldStop: () => context.signal.aborted,
          onBatch: (p) => {
            appendBatchLoss(batchLoss, batchLossX(p.epoch, p.batch, p.batches), p.loss);
            context.progress({
              phase: `Training ${spec.label} (epoch ${p.epoch}/${spec.train.epochs})`,
              done: batchesBefore + (p.epoch - 1) * p.batches + p.batch,
              total: totalBatches,
              runId: spec.id,
              detail: { loss: p.loss, examplesPerSecond: p.examplesPerSecond, epoch: p.epoch, batch: p.batch, batches: p.batches },
            });
          },
          onEpoch: (record) => context.emit({ type: 'epoch', runId: spec.id, record }),
          onCheckpoint: (epoch, weights, step) => checkpoints.push({ epoch, step, weights }),
        });
        const layout = weightLayout(model);
        const record: RunData = {
          spec,
          status: outcome.status,
          message: outcome.message,
          divergence: outcome.divergence,
          parameterCounts,
          history: outcome.history,
          batchLoss,
          checkpointEpochs: checkpoints.map((c) => c.epoch),
          checkpointSteps: checkpoints.map((c) => c.step),
          weightNames: layout.names,
          weightShapes: layout.shapes,
          trainedSeconds: (performance.now() - started) / 1000,
          backend: backendInfo,
          model: await modelToArtifacts(model),
          checkpoints: checkpoints.map((c) => c.weights),
        };
        return { record, activationParams: activationParameterValues(model) };
      } finally {
        model.dispose();
      }
    });
    batchesBefore += batchesPerEpoch(spec) * spec.train.epochs;
    snapshot.runs.push(run.record);
    await writeSnapshot(job.out, snapshot);
    const last = run.record.history.at(-1);
    summaries.push({
      id: spec.id,
      label: spec.label,
      activation: spec.activation.name,
      status: run.record.status,
      message: run.record.message,
      divergence: run.record.divergence ?? null,
      parameterCounts: run.record.parameterCounts,
      final: last ? { trainLoss: last.trainLoss, trainAccuracy: last.trainAccuracy, testLoss: last.testLoss, testAccuracy: last.testAccuracy } : null,
      activationParams: run.activationParams,
      seconds: run.record.trainedSeconds,
    });
    if (run.record.status === 'cancelled') break;
  }
  context.progress({ phase: 'Done', done: totalBatches, total: totalBatches }, true);
  return { snapshot: job.out, backend: backendInfo.description, runs: summaries };
}
