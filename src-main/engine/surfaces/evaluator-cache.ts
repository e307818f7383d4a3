/**
 * A pool worker keeps the evaluator of the surface it last worked on, so the
 * many small `surface-points` jobs of one surface (dynamic chunks, the fast
 * mode's levels) build the model, the plane and the evaluation batches once.
 * The key names the snapshot file's exact version (path, size, mtime), the
 * run and the recipe; any change builds afresh and frees the old one.
 */
import { stat } from 'node:fs/promises';
import type { SurfacePointsJob } from '../../contract.ts';
import { readSnapshot } from '../snapshot/snapshot-file.ts';
import { loadSnapshotDataset, PointEvaluator } from './point-evaluator.ts';

type Target = Pick<SurfacePointsJob, 'snapshot' | 'runId' | 'recipe' | 'cacheDir'>;

let cached: { key: string; evaluator: PointEvaluator } | null = null;

async function keyOf(target: Target): Promise<string> {
  const file = await stat(target.snapshot);
  return JSON.stringify([target.snapshot, file.size, file.mtimeMs, target.runId, target.recipe, target.cacheDir ?? null]);
}

/** The evaluator for `target`, built on first use and kept for the next job. */
export async function cachedEvaluator(target: Target, signal?: AbortSignal): Promise<PointEvaluator> {
  const key = await keyOf(target);
  if (cached?.key === key) return cached.evaluator;
  releaseCachedEvaluator();
  const snapshot = await readSnapshot(target.snapshot);
  const run = snapshot.runs.find((r) => r.spec.id === target.runId);
  if (!run) throw new Error(`Run ${target.runId} is not in ${target.snapshot}.`);
  const dataset = await loadSnapshotDataset(snapshot, { cacheDir: target.cacheDir, signal });
  const evaluator = await PointEvaluator.create(snapshot, run, target.recipe, dataset);
  cached = { key, evaluator };
  return evaluator;
}

/** Restores and frees the kept evaluator (after a failed job, or to free memory). */
export function releaseCachedEvaluator(): void {
  cached?.evaluator.dispose();
  cached = null;
}
