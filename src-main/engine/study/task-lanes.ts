/**
 * Where a study's trainings and surfaces run: this engine process (a local
 * lane) and warm pool engines (remote lanes), one per core. TensorFlow.js
 * wasm in Node is single-threaded, so whole jobs side by side are how a
 * study uses every core. Both kinds of lane run the same `train` and
 * `surface` jobs, so a result does not depend on where it was computed.
 */
import { EngineJobSchema, type EngineEvent, type EngineJobInput } from '../../contract.ts';
import type { EngineClient, JobEvent } from '../../engine-client/engine-client.ts';
import { createJobContext } from '../jobs/job-context.ts';
import { runSurfaceJob } from '../jobs/surface-job.ts';
import { runTrainJob } from '../jobs/train-job.ts';

export interface LaneJob<R> {
  result: Promise<R>;
  cancel(): void;
}

export interface Lane {
  readonly name: string;
  run<R>(job: EngineJobInput, onEvent: (event: JobEvent) => void): LaneJob<R>;
}

/** Runs `train` and `surface` jobs in this process. */
export function localLane(): Lane {
  return {
    name: 'local',
    run<R>(input: EngineJobInput, onEvent: (event: JobEvent) => void): LaneJob<R> {
      const controller = new AbortController();
      const context = createJobContext('local', (event: EngineEvent) => event.type !== 'ready' && onEvent(event), controller.signal);
      const job = EngineJobSchema.parse(input);
      const result =
        job.kind === 'train'
          ? runTrainJob(job, context)
          : job.kind === 'surface'
            ? runSurfaceJob(job, context)
            : Promise.reject(new Error(`A study lane runs train and surface jobs, not "${job.kind}".`));
      return { result: result as Promise<R>, cancel: () => controller.abort() };
    },
  };
}

/** Runs jobs on another engine process. */
export function remoteLane(client: EngineClient, index: number): Lane {
  return {
    name: `worker ${index}`,
    run<R>(job: EngineJobInput, onEvent: (event: JobEvent) => void): LaneJob<R> {
      const running = client.run<R>(job, onEvent);
      return { result: running.result, cancel: running.cancel };
    },
  };
}
