/** Shared pieces of the host tests: valid contract payloads and a stand-in engine. */
import { EventEmitter } from 'node:events';
import type { EngineJobInput, ExperimentSpec, SurfaceRecipeInput } from '../../src-main/contract.ts';
import { ExperimentSpecSchema } from '../../src-main/contract.ts';
import type { AppEngine } from '../../src-main/host/app-service.ts';
import type { BackendReportMessage, EngineExit, JobEvent, RunningJob } from '../../src-main/engine-client/engine-client.ts';

/** Waits (up to `limitMs`) until `condition` holds: file-system work between events takes a variable time. */
export async function until(condition: () => boolean, limitMs = 5000): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > limitMs) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The `tiny` preset on a small built-in MNIST subset: seconds per epoch. */
export function tinyExperiment(overrides: { trainLimit?: number; runs?: string[]; epochs?: number } = {}): ExperimentSpec {
  return ExperimentSpecSchema.parse({
    name: 'host test',
    data: { source: 'mnist', trainLimit: overrides.trainLimit ?? 256, testLimit: 64 },
    runs: (overrides.runs ?? ['relu']).map((name) => ({
      id: name,
      label: name.toUpperCase(),
      activation: { name },
      network: { preset: 'tiny' },
      train: { epochs: overrides.epochs ?? 1, batchSize: 64 },
    })),
  });
}

export const SMALL_RECIPE: SurfaceRecipeInput = { x: { min: -1, max: 1, num: 3 }, y: { min: -1, max: 1, num: 3 }, evaluation: { count: 64 } };

export const BACKEND_REPORT: BackendReportMessage = {
  chosen: 'cpu',
  tfName: 'cpu',
  attempts: [{ backend: 'cpu', ok: true, reason: 'forced' }],
  forced: 'cpu',
  threads: 1,
};

interface StandInJob {
  job: EngineJobInput;
  jobId: string;
  onEvent: (event: JobEvent) => void;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  cancelled: boolean;
}

/**
 * An engine that records the jobs it is given and lets the test answer them:
 * `jobs[i].resolve(result)`, `jobs[i].onEvent(event)`, `crash(reason)`.
 */
export class StandInEngine implements AppEngine {
  readonly jobs: StandInJob[] = [];
  readyCalls = 0;
  disposed = 0;
  private readonly exits = new EventEmitter();
  private next = 0;

  /** How a job kind is answered automatically (e.g. inspect → a view); others wait for the test. */
  readonly autoAnswer = new Map<string, (job: EngineJobInput) => unknown>();

  ready = async (): Promise<BackendReportMessage> => {
    this.readyCalls++;
    return BACKEND_REPORT;
  };

  backendReport = (): BackendReportMessage | null => BACKEND_REPORT;

  run = <R = unknown>(job: EngineJobInput, onEvent: (event: JobEvent) => void = () => undefined): RunningJob<R> => {
    const jobId = `job${++this.next}`;
    let entry!: StandInJob;
    const result = new Promise<R>((resolve, reject) => {
      entry = { job, jobId, onEvent, resolve: resolve as (value: unknown) => void, reject, cancelled: false };
    });
    this.jobs.push(entry);
    const auto = this.autoAnswer.get(job.kind);
    if (auto) {
      try {
        entry.resolve(auto(job));
      } catch (error) {
        entry.reject(error as Error);
      }
    }
    return { jobId, result, cancel: () => (entry.cancelled = true) };
  };

  onExit = (listener: (exit: EngineExit) => void): (() => void) => {
    this.exits.on('exit', listener);
    return () => this.exits.off('exit', listener);
  };

  dispose = (): void => {
    this.disposed++;
  };

  /** Simulates the engine process dying while `jobIds` run. */
  crash(reason: string, jobIds: string[]): void {
    this.exits.emit('exit', { code: null, reason, jobIds } satisfies EngineExit);
  }

  kinds(): string[] {
    return this.jobs.map((j) => j.job.kind);
  }
}
