/**
 * Shares a list of points between this process and warm pool workers,
 * interleaved so every process gets an even share of every region. Points
 * stream back through `onPoints` as they are computed.
 */
import type { PointResult, SurfacePointsJob } from '../../contract.ts';
import type { EngineClient } from '../../host/engine-client.ts';
import { controlVariate } from '../landscape/adaptive-estimate.ts';
import { yieldToEventLoop } from '../training/batches.ts';
import type { PointEstimator, PointEvaluator } from './point-evaluator.ts';

export interface Distribution {
  evaluator: PointEvaluator;
  clients: readonly EngineClient[];
  /** What every worker needs to rebuild the same evaluator. */
  target: Pick<SurfacePointsJob, 'snapshot' | 'runId' | 'recipe' | 'cacheDir'>;
  signal: AbortSignal;
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
 * Computes `points` with `estimator`; resolves when all are done.
 * @returns seconds per point measured in this process (null when it computed none).
 */
export async function distributePoints(
  distribution: Distribution,
  points: readonly number[],
  estimator: PointEstimator,
  onPoints: (points: PointResult[]) => void,
): Promise<number | null> {
  const processes = Math.min(distribution.clients.length + 1, Math.max(1, points.length));
  const shares = Array.from({ length: processes }, (_, k) => points.filter((_, i) => i % processes === k));
  const remote = distribution.clients.slice(0, processes - 1).map((client, k) =>
    client.run({ kind: 'surface-points', ...distribution.target, points: shares[k + 1], estimator: remoteEstimator(estimator) }, (event) => {
      if (event.type === 'points') onPoints(event.points);
    }),
  );
  const cancelRemote = (): void => remote.forEach((r) => r.cancel());
  distribution.signal.addEventListener('abort', cancelRemote, { once: true });
  // A remote failure must not leave the others running unobserved.
  const remoteDone = Promise.all(remote.map((r) => r.result));
  remoteDone.catch(() => undefined);
  try {
    const started = performance.now();
    let computed = 0;
    for (const index of shares[0] ?? []) {
      await yieldToEventLoop();
      if (distribution.signal.aborted) throw new Error('Cancelled.');
      onPoints([await distribution.evaluator.evaluateWith(index, estimator)]);
      computed += 1;
    }
    await remoteDone;
    return computed ? (performance.now() - started) / 1000 / computed : null;
  } catch (error) {
    cancelRemote();
    throw error;
  } finally {
    distribution.signal.removeEventListener('abort', cancelRemote);
  }
}
