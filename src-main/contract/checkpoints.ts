/**
 * Which stored checkpoint of a run is meant, and how it is named for people.
 * Checkpoints by epochs are named by their epoch ("epoch 3"); checkpoints by
 * steps by epoch and global step ("epoch 1 · step 40"), since one epoch may
 * hold several of them.
 */
import type { RunRecord } from './snapshot.ts';
import type { TrainSettings } from './experiment.ts';

/** A stored checkpoint: its epoch and, where the run checkpoints by steps, its global step. */
export interface CheckpointRef {
  epoch: number;
  step?: number;
}

type CheckpointedRun = Pick<RunRecord, 'spec' | 'checkpointEpochs' | 'checkpointSteps'>;

export function checkpointsBySteps(train: Pick<TrainSettings, 'checkpointUnit'>): boolean {
  return train.checkpointUnit === 'steps';
}

/** The run's stored checkpoints in order, each with its step where the run checkpoints by steps. */
export function checkpointRefs(run: CheckpointedRun): CheckpointRef[] {
  const bySteps = checkpointsBySteps(run.spec.train) && run.checkpointSteps?.length === run.checkpointEpochs.length;
  return run.checkpointEpochs.map((epoch, i) => (bySteps ? { epoch, step: run.checkpointSteps![i] } : { epoch }));
}

/** Index of the checkpoint in the run's lists, or −1: by step when the reference has one, else by epoch. */
export function checkpointIndex(run: CheckpointedRun, ref: CheckpointRef): number {
  if (ref.step !== undefined) return run.checkpointSteps?.indexOf(ref.step) ?? -1;
  return run.checkpointEpochs.indexOf(ref.epoch);
}

/** "epoch 3", or "epoch 1 · step 40" for a checkpoint by steps. */
export function checkpointLabel(ref: CheckpointRef): string {
  return ref.step === undefined ? `epoch ${ref.epoch}` : `epoch ${ref.epoch} · step ${ref.step}`;
}

/** Orders checkpoints: by step where both have one, else by epoch. */
export function compareCheckpoints(a: CheckpointRef, b: CheckpointRef): number {
  return a.step !== undefined && b.step !== undefined ? a.step - b.step : a.epoch - b.epoch;
}

/** The epoch a global step falls in (step 0: epoch 0; steps 1…B: epoch 1, …). */
export function epochOfStep(step: number, batchesPerEpoch: number): number {
  return Math.ceil(step / Math.max(1, batchesPerEpoch));
}

/**
 * How many checkpoints a run that finishes stores: the initial weights, one every k epochs or k steps,
 * and the final weights (once, when the last interval ends there).
 */
export function plannedCheckpointCount(train: Pick<TrainSettings, 'epochs' | 'checkpointEvery' | 'checkpointUnit'>, batchesPerEpoch: number): number {
  const total = checkpointsBySteps(train) ? train.epochs * Math.max(1, batchesPerEpoch) : train.epochs;
  const every = train.checkpointEvery;
  if (every <= 0) return 2;
  return 1 + Math.floor(total / every) + (total % every === 0 ? 0 : 1);
}
