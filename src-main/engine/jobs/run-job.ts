/** Dispatches a job to its implementation by kind. */
import type { EngineJob } from '../../contract.ts';
import type { JobContext } from './job-context.ts';
import { runDownloadJob } from './download-job.ts';
import { runExportJob } from './export-job.ts';
import { runInspectJob } from './inspect-job.ts';
import { runMergeJob } from './merge-job.ts';
import { runStudyJob } from './study-job.ts';
import { runSurfaceJob } from './surface-job.ts';
import { runSurfacePointsJob } from './surface-points-job.ts';
import { runTrainJob } from './train-job.ts';
import { runVerifyJob } from './verify-job.ts';

export type JobRunner = (job: EngineJob, context: JobContext) => Promise<unknown>;

const runners = new Map<EngineJob['kind'], JobRunner>();

/** Lets a part of the engine (surfaces, exports, …) provide the runner of a job kind. */
export function registerJobRunner<K extends EngineJob['kind']>(
  kind: K,
  runner: (job: Extract<EngineJob, { kind: K }>, context: JobContext) => Promise<unknown>,
): void {
  runners.set(kind, runner as JobRunner);
}

registerJobRunner('train', runTrainJob);
registerJobRunner('inspect', runInspectJob);
registerJobRunner('surface', runSurfaceJob);
registerJobRunner('surface-points', runSurfacePointsJob);
registerJobRunner('merge', runMergeJob);
registerJobRunner('verify', runVerifyJob);
registerJobRunner('export', runExportJob);
registerJobRunner('download-cifar10', runDownloadJob);
registerJobRunner('study', runStudyJob);

export async function runJob(job: EngineJob, context: JobContext): Promise<unknown> {
  const runner = runners.get(job.kind);
  if (!runner) throw new Error(`This engine cannot run "${job.kind}" jobs yet.`);
  return runner(job, context);
}
