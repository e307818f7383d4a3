/**
 * `surface-points`: a pool worker's share of a surface. Streams computed
 * points back in small batches; the coordinator journals and stores them.
 */
import type { PointResult, SurfacePointsJob } from '../../contract.ts';
import { readSnapshot } from '../snapshot/snapshot-file.ts';
import { localEstimator } from '../surfaces/point-distribution.ts';
import { loadSnapshotDataset, PointEvaluator } from '../surfaces/point-evaluator.ts';
import { yieldToEventLoop } from '../training/batches.ts';
import type { JobContext } from './job-context.ts';

const FLUSH_MS = 100;

export async function runSurfacePointsJob(job: SurfacePointsJob, context: JobContext): Promise<{ computed: number }> {
  const snapshot = await readSnapshot(job.snapshot);
  const run = snapshot.runs.find((r) => r.spec.id === job.runId);
  if (!run) throw new Error(`Run ${job.runId} is not in ${job.snapshot}.`);
  const dataset = await loadSnapshotDataset(snapshot, { cacheDir: job.cacheDir, signal: context.signal });
  const evaluator = await PointEvaluator.create(snapshot, run, job.recipe, dataset);
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
    return { computed: job.points.length };
  } finally {
    flush();
    evaluator.dispose();
  }
}
