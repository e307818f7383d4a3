/**
 * Shares a list of points between this process and warm pool workers. Points
 * stream back through `onPoints` as they are computed.
 */
import type { PointResult, SurfacePointsJob } from '../../contract.ts';
import type { EngineClient, RunningJob } from '../../engine-client/engine-client.ts';
import { controlVariate } from '../landscape/adaptive-estimate.ts';
import { yieldToEventLoop } from '../training/batches.ts';
import type { PointEstimator, SurfaceEvaluator } from './surface-evaluator.ts';

export interface Distribution {
  evaluator: SurfaceEvaluator;
  clients: readonly EngineClient[];
  /** What every worker needs to rebuild the same evaluator. */
  target: Pick<SurfacePointsJob, 'snapshot' | 'runId' | 'recipe' | 'cacheDir'>;
  signal: AbortSignal;
  /** Told when a worker cannot start: its share goes to the others instead of failing the surface. */
  onWorkerUnavailable?: (message: string) => void;
}

function remoteEstimator(estimator: PointEstimator): SurfacePointsJob['estimator'] {
  return estimator.kind === 'exact'
    ? { kind: 'exact' }
    : { kind: 'adaptive', tolerance: estimator.tolerance, centreLosses: estimator.centre.losses, centreCorrect: estimator.centre.correct };
}

/** The worker side: the estimator a `surface-points` job asks for. */
export function localEstimator(estimator: SurfacePointsJob['estimator']): PointEstimator {
  return estimator.kind === 'exact'
    ? estimator
    : { kind: 'adaptive', tolerance: estimator.tolerance, centre: controlVariate(estimator.centreLosses, estimator.centreCorrect) };
}

/**
 * Computes `points` with `estimator`; resolves when all are done. The points
 * are cut into small chunks that this process and every worker take from
 * one queue as each becomes free, so a worker that starts late or runs slow
 * gets fewer, and no process waits while another still has a backlog.
 * @returns seconds per point measured in this process (null when it computed none).
 */
export async function distributePoints(
  distribution: Distribution,
  points: readonly number[],
  estimator: PointEstimator,
  onPoints: (points: PointResult[]) => void,
): Promise<number | null> {
  const processes = Math.min(distribution.clients.length + 1, Math.max(1, points.length));
  const queue = chunks(points, chunkSize(points.length, processes));
  const { signal } = distribution;
  const running = new Set<RunningJob<unknown>>();
  const cancelRemote = (): void => running.forEach((r) => r.cancel());
  signal.addEventListener('abort', cancelRemote, { once: true });
  let failed = false;
  const remoteLoop = async (client: EngineClient): Promise<void> => {
    // A worker still starting takes no chunk until it is ready; the others go on meanwhile.
    try {
      await client.ready();
    } catch (error) {
      distribution.onWorkerUnavailable?.(error instanceof Error ? error.message : String(error));
      return;
    }
    for (let chunk = queue.shift(); chunk && !failed && !signal.aborted; chunk = queue.shift()) {
      const job = client.run({ kind: 'surface-points', ...distribution.target, points: chunk, estimator: remoteEstimator(estimator) }, (event) => {
        if (event.type === 'points') onPoints(event.points);
      });
      running.add(job);
      try {
        await job.result;
      } finally {
        running.delete(job);
      }
    }
  };
  let computed = 0;
  let localSeconds = 0;
  const localLoop = async (): Promise<void> => {
    for (let chunk = queue.shift(); chunk && !failed; chunk = queue.shift()) {
      for (const index of chunk) {
        await yieldToEventLoop();
        if (signal.aborted) throw new Error('Cancelled.');
        const started = performance.now();
        onPoints([await distribution.evaluator.evaluateWith(index, estimator)]);
        localSeconds += (performance.now() - started) / 1000;
        computed += 1;
      }
    }
  };
  const loops = [localLoop(), ...distribution.clients.slice(0, processes - 1).map(remoteLoop)].map((loop) =>
    loop.catch((error: unknown) => {
      // The first failure stops the others: no more chunks, running ones cancelled.
      if (!failed) cancelRemote();
      failed = true;
      throw error;
    }),
  );
  try {
    const outcomes = await Promise.allSettled(loops);
    if (signal.aborted) throw new Error('Cancelled.');
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) throw failure.reason;
    return computed ? localSeconds / computed : null;
  } finally {
    signal.removeEventListener('abort', cancelRemote);
  }
}

/** Small enough to balance (≈ 6 chunks per process), never below one point. */
function chunkSize(points: number, processes: number): number {
  return processes <= 1 ? Math.max(1, points) : Math.max(1, Math.ceil(points / (processes * 6)));
}

function chunks(points: readonly number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size));
  return out;
}
