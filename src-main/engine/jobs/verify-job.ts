/**
 * `verify`: recomputes a seeded sample of every surface's points from the
 * snapshot alone (model, recipe, data) and reports the largest difference.
 * Stored grids are float32, so recomputed values are rounded the same way
 * before comparing: on the same backend the difference is 0.
 */
import type { VerifyJob } from '../../contract.ts';
import { mulberry32, shuffleInPlace } from '../data/seeded-random.ts';
import { readSnapshot } from '../snapshot/snapshot-file.ts';
import { createSurfaceEvaluator, evaluatorOfRecord } from '../surfaces/choose-evaluator.ts';
import { loadSnapshotDataset } from '../surfaces/point-evaluator.ts';
import type { JobContext } from './job-context.ts';

export interface VerifyResult {
  maxLossDifference: number;
  maxAccuracyDifference: number;
  surfaces: Array<{ id: string; checkedPoints: number; maxLossDifference: number; maxAccuracyDifference: number; storedBackend: string }>;
}

const difference = (a: number, b: number): number => (Number.isNaN(a) && Number.isNaN(b)) || a === b ? 0 : Math.abs(a - b);

export async function runVerifyJob(job: VerifyJob, context: JobContext): Promise<VerifyResult> {
  const snapshot = await readSnapshot(job.snapshot);
  const dataset = await loadSnapshotDataset(snapshot, { cacheDir: job.cacheDir, signal: context.signal });
  const result: VerifyResult = { maxLossDifference: 0, maxAccuracyDifference: 0, surfaces: [] };
  for (const [s, surface] of snapshot.surfaces.entries()) {
    const run = snapshot.runs.find((r) => r.spec.id === surface.runId)!;
    const done = [...surface.done.keys()].filter((i) => surface.done[i]);
    const sample = shuffleInPlace(done, mulberry32(s + 1)).slice(0, job.samples);
    // The runtime that made the surface recomputes it: another one rounds differently.
    const made = evaluatorOfRecord(surface.timing.backend);
    const { evaluator } = await createSurfaceEvaluator(snapshot, run, surface.recipe, dataset, made.choice, made.ortMode);
    let maxLoss = 0;
    let maxAccuracy = 0;
    try {
      for (const [k, index] of sample.entries()) {
        context.throwIfCancelled();
        context.progress({ phase: `Verifying ${surface.label}`, done: k, total: sample.length });
        const point = await evaluator.evaluate(index);
        maxLoss = Math.max(maxLoss, difference(Math.fround(point.trainLoss), surface.values.trainLoss[index]));
        maxAccuracy = Math.max(maxAccuracy, difference(Math.fround(point.trainAccuracy), surface.values.trainAccuracy[index]));
      }
    } finally {
      await evaluator.dispose();
    }
    result.surfaces.push({ id: surface.id, checkedPoints: sample.length, maxLossDifference: maxLoss, maxAccuracyDifference: maxAccuracy, storedBackend: surface.timing.backend });
    result.maxLossDifference = Math.max(result.maxLossDifference, maxLoss);
    result.maxAccuracyDifference = Math.max(result.maxAccuracyDifference, maxAccuracy);
  }
  return result;
}
