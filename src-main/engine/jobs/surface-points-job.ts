/**
 * `surface-points`: a pool worker's share of a surface. Streams computed
 * points back in small batches; the coordinator journals and stores them.
 * The evaluator stays cached between jobs of the same surface.
 */
import type { PointResult, SurfacePointsJob } from '../../contract.ts';
import { cachedEvaluator, releaseCachedEvaluator } from '../surfaces/evaluator-cache.ts';
import { localEstimator } from '../surfaces/point-distribution.ts';
import { yieldToEventLoop } from '../training/batches.ts';
import type { JobContext } from './job-context.ts';

const FLUSH_MS = 100;

/** Jobs in one worker run one after another: they share the cached evaluator's weights. */
let queue: Promise<unknown> = Promise.resolve();

export function runSurfacePointsJob(job: SurfacePointsJob, context: JobContext): Promise<{ computed: number }> {
  const run = queue.then(() => computePoints(job, context));
  queue = run.catch(() => undefined);
  return run;
}

async function computePoints(job: SurfacePointsJob, context: JobContext): Promise<{ computed: number }> {
  const evaluator = await cachedEvaluator(job, context.signal);
  const estimator = localEstimator(job.estimator);
  let buffer: PointResult[] = [];
  let lastFlush = performance.now();
  const flush = (): void => {
    if (buffer.length) context.emit({ type: 'points', points: buffer });
    buffer = [];
    lastFlush = performance.now();
  };
  try {
    for (const index of job.points) {
      await yieldToEventLoop();
      context.throwIfCancelled();
      buffer.push(await evaluator.evaluateWith(index, estimator));
      if (performance.now() - lastFlush > FLUSH_MS) flush();
    }
    flush();
    // The weights stay where the last point put them: every point moves to an absolute position.
    return { computed: job.points.length };
  } catch (error) {
    flush();
    // A failed or cancelled job may leave the weights moved: start clean next time.
    releaseCachedEvaluator();
    throw error;
  }
}
