/**
 * What the renderer knows about each run of the current experiment: its
 * epochs as they stream in, the running loss per batch, its status. Events
 * and snapshots both feed it; it is plain data (no reactivity), and a store
 * signals changes to the views.
 */
import type { ParameterCounts, EpochRecord, ExperimentSpec } from '../../src-main/contract/experiment.ts';
import type { JobProgress } from '../../src-main/contract/engine.ts';
import type { RunRecord } from '../../src-main/contract/snapshot.ts';
import { appendBatchLoss, batchLossX } from '../../src-main/contract/batch-loss.ts';

export type RunStatus = 'queued' | 'training' | 'completed' | 'cancelled' | 'diverged' | 'failed';

export interface RunTrack {
  id: string;
  label: string;
  activation: string;
  batchNorm: boolean;
  totalEpochs: number;
  status: RunStatus;
  /** Why a run did not complete, in the engine's words. */
  message: string | null;
  /** Where a diverged run diverged: "epoch 2, step 14", from its snapshot record. */
  divergedAt: string | null;
  epochs: EpochRecord[];
  parameterCounts: ParameterCounts | null;
  /** Running mean loss of the current epoch, per reported batch: x in fractional epochs (0 … epochs). */
  batchLoss: { x: number[]; y: number[] };
  /** Opened from a snapshot written before the running loss per batch was saved: there is none to show. */
  batchLossUnrecorded: boolean;
  /** The training job the run belongs to, while it runs. */
  jobId: string | null;
}

export class TrainingHistory {
  #runs = new Map<string, RunTrack>();

  /** Runs in experiment order. */
  get runs(): RunTrack[] {
    return [...this.#runs.values()];
  }

  get(runId: string): RunTrack | undefined {
    return this.#runs.get(runId);
  }

  clear(): void {
    this.#runs.clear();
  }

  /** A new training job: its runs are queued (runs of the same id are replaced). */
  startExperiment(spec: ExperimentSpec, jobId: string | null): void {
    this.#runs.clear();
    for (const run of spec.runs) {
      this.#runs.set(run.id, {
        id: run.id,
        label: run.label,
        activation: run.activation.name,
        batchNorm: run.network.batchNorm,
        totalEpochs: run.train.epochs,
        status: 'queued',
        message: null,
        divergedAt: null,
        epochs: [],
        parameterCounts: null,
        batchLoss: { x: [], y: [] },
        batchLossUnrecorded: false,
        jobId,
      });
    }
  }

  /** Ties queued runs without a job to the job id, once the start request has answered. */
  assignJob(jobId: string): void {
    for (const run of this.#runs.values()) if (run.jobId === null && run.status === 'queued') run.jobId = jobId;
  }

  runStarted(jobId: string, runId: string, parameterCounts: ParameterCounts): void {
    const run = this.#ensure(runId);
    run.status = 'training';
    run.jobId = jobId;
    run.parameterCounts = parameterCounts;
  }

  /** Records an epoch; a repeated epoch number replaces the earlier record (events can be replayed). */
  epochFinished(jobId: string, runId: string, record: EpochRecord): void {
    const run = this.#ensure(runId);
    run.jobId = jobId;
    if (run.status === 'queued') run.status = 'training';
    const at = run.epochs.findIndex((e) => e.epoch === record.epoch);
    if (at >= 0) run.epochs[at] = record;
    else {
      run.epochs.push(record);
      run.epochs.sort((a, b) => a.epoch - b.epoch);
    }
    // Runs of a job train one after another: the last epoch ends this run, though the job goes on.
    if (run.status === 'training' && run.totalEpochs > 0 && run.epochs.length >= run.totalEpochs) run.status = 'completed';
  }

  /** A training progress event with a run id and a running loss adds a point to that run's batch curve. */
  batchProgress(progress: JobProgress): boolean {
    const { runId, detail } = progress;
    if (!runId || detail.loss === undefined || detail.epoch === undefined) return false;
    const run = this.#runs.get(runId);
    if (!run) return false;
    if (run.status === 'queued') run.status = 'training';
    const batches = detail.batches && detail.batches > 0 ? detail.batches : 1;
    // Progress is throttled, so points arrive in order; a point not after the last is a replay.
    return appendBatchLoss(run.batchLoss, batchLossX(detail.epoch, detail.batch ?? batches, batches), detail.loss);
  }

  /** A job ended: runs still training or queued in it are closed with the job's outcome. */
  jobFinished(jobId: string, ok: boolean, cancelled: boolean, message: string | null): void {
    for (const run of this.#runs.values()) {
      if (run.jobId !== jobId || (run.status !== 'training' && run.status !== 'queued')) continue;
      run.status = ok ? 'completed' : cancelled ? 'cancelled' : 'failed';
      if (!ok && !cancelled) run.message = message;
      run.jobId = null;
    }
  }

  /** The snapshot is the truth once a job has written it: statuses, messages, histories, parameter counts. */
  applySnapshotRuns(records: readonly RunRecord[], replace: boolean): void {
    const previous = this.#runs;
    if (replace) this.#runs = new Map();
    for (const record of records) {
      const kept = previous.get(record.spec.id);
      this.#runs.set(record.spec.id, {
        id: record.spec.id,
        label: record.spec.label,
        activation: record.spec.activation.name,
        batchNorm: record.spec.network.batchNorm,
        totalEpochs: record.spec.train.epochs,
        status: record.status,
        message: record.message,
        divergedAt: record.divergence ? `epoch ${record.divergence.epoch}, step ${record.divergence.step}` : null,
        epochs: [...record.history],
        parameterCounts: record.parameterCounts,
        // The snapshot's record of every batch, else (a job's update of a snapshot without one) what streamed in.
        batchLoss: record.batchLoss ? { x: [...record.batchLoss.x], y: [...record.batchLoss.y] } : replace ? { x: [], y: [] } : (kept?.batchLoss ?? { x: [], y: [] }),
        batchLossUnrecorded: !record.batchLoss && (replace || !kept?.batchLoss.x.length),
        jobId: null,
      });
    }
  }

  /** Epochs received per run, by run id. */
  epochCounts(): Record<string, number> {
    return Object.fromEntries(this.runs.map((r) => [r.id, r.epochs.length]));
  }

  #ensure(runId: string): RunTrack {
    let run = this.#runs.get(runId);
    if (!run) {
      // An event for a run we were not told about (another window started it): show it anyway.
      run = { id: runId, label: runId, activation: runId, batchNorm: runId.endsWith('-bn'), totalEpochs: 0, status: 'training', message: null, divergedAt: null, epochs: [], parameterCounts: null, batchLoss: { x: [], y: [] }, batchLossUnrecorded: false, jobId: null };
      this.#runs.set(runId, run);
    }
    return run;
  }
}
