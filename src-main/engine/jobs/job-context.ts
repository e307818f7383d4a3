/**
 * What a running job sees of the engine: a way to emit events, throttled
 * progress with an ETA, and cancellation.
 */
import type { EngineEvent, JobProgress } from '../../contract.ts';

type EventWithoutJob = EngineEvent extends infer E ? (E extends { jobId: string } ? Omit<E, 'jobId'> : never) : never;

export class JobCancelled extends Error {
  override name = 'JobCancelled';
  constructor(message = 'Cancelled.') {
    super(message);
  }
}

export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  /** Sends an event for this job (the job id is added). */
  emit(event: EventWithoutJob): void;
  /** Reports progress, at most every `throttleMs`; `force` sends it regardless (phase changes, the end). */
  progress(update: Omit<JobProgress, 'etaSeconds' | 'detail' | 'runId'> & Partial<JobProgress>, force?: boolean): void;
  /** Throws JobCancelled once the job has been cancelled. */
  throwIfCancelled(): void;
}

export function createJobContext(
  jobId: string,
  send: (event: EngineEvent) => void,
  signal: AbortSignal,
  throttleMs = 200,
): JobContext {
  let lastSent = 0;
  let phaseStarted = performance.now();
  let phase = '';
  /** The count's `done` when the phase began: a job may count `done` across phases (training counts every run's batches), so the pace is measured within the phase. */
  let phaseDone = 0;
  return {
    jobId,
    signal,
    emit: (event) => send({ ...event, jobId } as EngineEvent),
    progress(update, force = false) {
      const now = performance.now();
      // The count the ETA follows: the phase's own where it has one (the metrics phase), else the job's.
      const count = update.phaseCount ?? update;
      if (update.phase !== phase) {
        phase = update.phase;
        phaseStarted = now;
        phaseDone = count.done;
        force = true;
      }
      if (!force && now - lastSent < throttleMs) return;
      lastSent = now;
      const elapsed = (now - phaseStarted) / 1000;
      // The pace of this phase (units per second) times what is left of the count.
      const rate = elapsed > 0.5 ? (count.done - phaseDone) / elapsed : 0;
      const eta = update.etaSeconds ?? (rate > 0 ? Math.max(0, count.total - count.done) / rate : null);
      send({
        type: 'progress',
        jobId,
        progress: {
          phase: update.phase,
          done: update.done,
          total: update.total,
          ...(update.phaseCount ? { phaseCount: update.phaseCount } : {}),
          etaSeconds: eta,
          runId: update.runId ?? null,
          detail: update.detail ?? {},
        },
      });
    },
    throwIfCancelled() {
      if (signal.aborted) throw new JobCancelled();
    },
  };
}
