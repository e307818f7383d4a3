/**
 * The client side of the engine protocol: starts an engine process, sends it
 * jobs, routes its events, and restarts it on the next job after a crash.
 * A crash is an `exit` the caller shows, never a dead caller. Its callers are
 * the hosts and the CLI, and the engine itself (the surface pool and study
 * lanes start engine processes as workers), so it sits below both and
 * imports only the contract.
 */
import { randomUUID } from 'node:crypto';
import { EngineEventSchema, type EngineEvent, type EngineJobInput, type EngineRequest } from '../contract.ts';
import { forkEngine, type EngineChannel, type EngineSpawner } from './engine-spawn.ts';

export type BackendReportMessage = Extract<EngineEvent, { type: 'ready' }>['backend'];
export type JobEvent = Exclude<EngineEvent, { type: 'ready' }>;

export interface RunningJob<R = unknown> {
  jobId: string;
  result: Promise<R>;
  cancel(): void;
}

export class EngineJobError extends Error {
  override name = 'EngineJobError';
  constructor(
    message: string,
    readonly cancelled: boolean,
  ) {
    super(message);
  }
}

export interface EngineExit {
  code: number | null;
  reason: string;
  /** Jobs that were running when it stopped (they fail with `reason`). */
  jobIds: string[];
}

interface PendingJob {
  onEvent: (event: JobEvent) => void;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class EngineClient {
  private channel: EngineChannel | null = null;
  private readyPromise: Promise<BackendReportMessage> | null = null;
  private readonly pending = new Map<string, PendingJob>();
  private readonly exitListeners = new Set<(exit: EngineExit) => void>();
  private backend: BackendReportMessage | null = null;

  constructor(private readonly spawn: EngineSpawner = forkEngine) {}

  /** Starts the engine if it is not running and resolves with its backend report. */
  ready(): Promise<BackendReportMessage> {
    if (this.readyPromise) return this.readyPromise;
    const channel = this.spawn();
    this.channel = channel;
    this.readyPromise = new Promise<BackendReportMessage>((resolve, reject) => {
      channel.onMessage((raw) => {
        const parsed = EngineEventSchema.safeParse(raw);
        if (!parsed.success) return;
        const event = parsed.data;
        if (event.type === 'ready') {
          this.backend = event.backend;
          resolve(event.backend);
          return;
        }
        this.route(event);
      });
      channel.onExit((code, reason) => {
        reject(new Error(`The engine stopped before it was ready: ${reason}`));
        // A process stopped by dispose() (or replaced since) no longer speaks for the engine.
        if (this.channel !== channel) return;
        const jobIds = [...this.pending.keys()];
        this.channel = null;
        this.readyPromise = null;
        for (const [, job] of this.pending) job.reject(new EngineJobError(`The engine stopped unexpectedly (${reason}).`, false));
        this.pending.clear();
        for (const listener of this.exitListeners) listener({ code, reason, jobIds });
      });
    });
    return this.readyPromise;
  }

  backendReport(): BackendReportMessage | null {
    return this.backend;
  }

  /** Sends a job; `onEvent` receives its progress and other events. */
  run<R = unknown>(job: EngineJobInput, onEvent: (event: JobEvent) => void = () => undefined): RunningJob<R> {
    const jobId = randomUUID().replaceAll('-', '');
    const result = new Promise<R>((resolve, reject) => {
      this.pending.set(jobId, { onEvent, resolve: resolve as (value: unknown) => void, reject });
      this.ready().then(
        () => this.send({ type: 'start', jobId, job } as EngineRequest),
        (error: Error) => {
          this.pending.delete(jobId);
          reject(error);
        },
      );
    });
    return { jobId, result, cancel: () => this.send({ type: 'cancel', jobId }) };
  }

  onExit(listener: (exit: EngineExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Stops the engine process; running jobs fail as cancelled, and no exit is reported. */
  dispose(): void {
    const channel = this.channel;
    this.channel = null;
    this.readyPromise = null;
    for (const [, job] of this.pending) job.reject(new EngineJobError('The engine was stopped.', true));
    this.pending.clear();
    channel?.kill();
  }

  private send(request: EngineRequest): void {
    this.channel?.send(request);
  }

  private route(event: JobEvent): void {
    const job = this.pending.get(event.jobId);
    if (!job) return;
    if (event.type === 'result') {
      this.pending.delete(event.jobId);
      job.resolve(event.result);
    } else if (event.type === 'error') {
      this.pending.delete(event.jobId);
      job.reject(new EngineJobError(event.message, event.cancelled));
    } else {
      job.onEvent(event);
    }
  }
}
