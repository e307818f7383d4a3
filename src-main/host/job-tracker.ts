/**
 * The long jobs a renderer starts (training, surfaces, downloads, studies): it sends
 * them to the engine, translates their engine events into contract events,
 * lets them be cancelled, and announces their end with a fresh view of the
 * working snapshot when they changed it. Only one job at a time may write
 * the working snapshot; the reservation is taken before the first await, so
 * two quick clicks cannot both start one.
 */
import type { EngineJobInput, JobStarted, SnapshotView } from '../contract.ts';
import type { AppEvent } from './app-events.ts';
import { EngineJobError, type EngineClient, type JobEvent, type RunningJob } from '../engine-client/engine-client.ts';
import { RequestError } from './request-validation.ts';

export type JobKind = 'train' | 'surface' | 'download' | 'study';

/** Jobs that write the working snapshot: one at a time, and the document is read back after them. */
const writesWorkingSnapshot = (kind: JobKind): boolean => kind === 'train' || kind === 'surface';

export interface JobTrackerHooks {
  emit(event: AppEvent): void;
  /** Modification stamp of the working snapshot (null when there is none). */
  workingVersion(): Promise<number | null>;
  /** The working snapshot changed during a job: record that, and return its fresh view when `readBack`. */
  workingChanged(readBack: boolean): Promise<SnapshotView | null>;
}

interface TrackedJob {
  running: RunningJob;
  kind: JobKind;
  cancelRequested: boolean;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class JobTracker {
  private readonly jobs = new Map<string, TrackedJob>();
  /** Jobs that were running when the engine process stopped. */
  private readonly lostToExit = new Set<string>();
  private workingReserved = false;
  /** One study at a time: two would share the same cores and, for the same preset, the same part files. */
  private studyReserved = false;

  constructor(
    private readonly engine: Pick<EngineClient, 'run' | 'onExit'>,
    private readonly hooks: JobTrackerHooks,
  ) {
    engine.onExit((exit) => exit.jobIds.forEach((id) => this.lostToExit.add(id)));
  }

  /** Whether a job that writes the working snapshot is running (or starting). */
  busyWithWorking(): boolean {
    return this.workingReserved;
  }

  /**
   * Starts the job `prepare` returns. For training and surfaces, `action`
   * names what was asked in the refusal when another such job is running.
   */
  async start(kind: JobKind, action: string, prepare: () => Promise<EngineJobInput> | EngineJobInput): Promise<JobStarted> {
    const writesWorking = writesWorkingSnapshot(kind);
    if (writesWorking) {
      if (this.workingReserved) throw new RequestError(`Cannot ${action} while training or a surface is running: wait for it or cancel it.`);
      this.workingReserved = true;
    }
    if (kind === 'study') {
      if (this.studyReserved) throw new RequestError(`Cannot ${action} while another study is running: wait for it or cancel it.`);
      this.studyReserved = true;
    }
    try {
      const job = await prepare();
      const versionBefore = writesWorking ? await this.hooks.workingVersion() : null;
      // A surface job writes the working snapshot after each run's surface: when its progress moves
      // on to another run, the finished surface is read back and shown while the others compute.
      let lastRunId: string | null = null;
      const running = this.engine.run(job, (event) => {
        if (kind === 'surface' && event.type === 'progress' && event.progress.runId) {
          if (lastRunId !== null && event.progress.runId !== lastRunId) void this.surfaceSaved(event.jobId);
          lastRunId = event.progress.runId;
        }
        this.forward(event, kind);
      });
      const tracked: TrackedJob = { running, kind, cancelRequested: false };
      this.jobs.set(running.jobId, tracked);
      void this.finish(tracked, versionBefore);
      return { jobId: running.jobId };
    } catch (error) {
      if (writesWorking) this.workingReserved = false;
      if (kind === 'study') this.studyReserved = false;
      throw error;
    }
  }

  /** Asks the engine to stop a job; unknown or finished jobs are ignored (the click may race the end). */
  cancel(jobId: string): void {
    const tracked = this.jobs.get(jobId);
    if (!tracked) return;
    tracked.cancelRequested = true;
    tracked.running.cancel();
  }

  /** A run's surface is in the working snapshot while the job goes on: announce the fresh view. */
  private async surfaceSaved(jobId: string): Promise<void> {
    try {
      const snapshot = await this.hooks.workingChanged(true);
      if (snapshot && this.jobs.has(jobId)) this.hooks.emit({ name: 'snapshot-updated', payload: { jobId, snapshot } });
    } catch {
      // The view at the job's end reads the file again and reports what went wrong.
    }
  }

  private forward(event: JobEvent, kind: JobKind): void {
    const { emit } = this.hooks;
    // A study's dozens of trainings would flood the Training view: it reports its progress only.
    if (kind === 'study' && event.type !== 'progress') return;
    if (event.type === 'progress') emit({ name: 'job-progress', payload: { jobId: event.jobId, progress: event.progress } });
    else if (event.type === 'run-started') emit({ name: 'run-started', payload: { jobId: event.jobId, runId: event.runId, parameterCounts: event.parameterCounts } });
    else if (event.type === 'epoch') emit({ name: 'epoch-finished', payload: { jobId: event.jobId, runId: event.runId, record: event.record } });
  }

  private async finish(tracked: TrackedJob, versionBefore: number | null): Promise<void> {
    const { jobId } = tracked.running;
    let failure: string | null = null;
    let cancelledByEngine = false;
    try {
      await tracked.running.result;
    } catch (error) {
      cancelledByEngine = error instanceof EngineJobError && error.cancelled;
      failure = cancelledByEngine || tracked.cancelRequested ? null : errorMessage(error);
    }
    // A training job stopped by Cancel still resolves (with the runs it finished): the request decides.
    const cancelled = cancelledByEngine || tracked.cancelRequested;
    this.jobs.delete(jobId);
    let snapshot: SnapshotView | null = null;
    try {
      const lost = this.lostToExit.delete(jobId);
      // After a crash the file may hold finished runs; reading it back waits for the next request to restart the engine.
      if (writesWorkingSnapshot(tracked.kind) && (await this.hooks.workingVersion()) !== versionBefore) {
        snapshot = await this.hooks.workingChanged(!lost);
      }
    } catch (error) {
      failure = `${failure ? `${failure} ` : ''}The updated snapshot could not be read back: ${errorMessage(error)}`;
    } finally {
      if (writesWorkingSnapshot(tracked.kind)) this.workingReserved = false;
      if (tracked.kind === 'study') this.studyReserved = false;
    }
    const message = failure ?? (cancelled ? 'Cancelled; what was finished has been kept.' : null);
    this.hooks.emit({ name: 'job-finished', payload: { jobId, ok: failure === null && !cancelled, cancelled, message, snapshot } });
  }
}
