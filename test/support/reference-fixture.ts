/**
 * A trained tiny snapshot with one surface per run — a fixed and a trainable
 * activation, each with and without BN — on a 5×3 grid (not square, so a
 * transposed grid cannot pass), for the reference-export tests.
 */
import { join } from 'node:path';
import { SurfaceJobSchema, SurfaceRecipeSchema } from '../../src-main/contract.ts';
import { runSurfaceJob } from '../../src-main/engine/jobs/surface-job.ts';
import { recordingContext, tinyExperiment, trainTinySnapshot } from './tiny-snapshot.ts';

export const REFERENCE_RUNS = [
  { name: 'relu' },
  { name: 'tsqrt_tanh' },
  { name: 'relu', batchNorm: true },
  { name: 'tswish', batchNorm: true },
];
export const REFERENCE_RUN_IDS = ['relu', 'tsqrt_tanh', 'relu-bn', 'tswish-bn'];

export const referenceRecipe = SurfaceRecipeSchema.parse({ x: { min: -1, max: 1, num: 5 }, y: { min: -0.5, max: 0.5, num: 3 }, evaluation: { count: 160, batchSize: 64 } });

/** Trains `<dir>/tiny.lab` (runs only) and writes `<dir>/surfaces.lab` (one surface per run); returns both paths. */
export async function referenceSnapshots(dir: string): Promise<{ trained: string; withSurfaces: string }> {
  const trained = await trainTinySnapshot(dir, tinyExperiment(REFERENCE_RUNS));
  const withSurfaces = join(dir, 'surfaces.lab');
  const job = SurfaceJobSchema.parse({ kind: 'surface', snapshot: trained, out: withSurfaces, recipe: referenceRecipe, workers: 1, hessian: false });
  await runSurfaceJob(job, recordingContext());
  return { trained, withSurfaces };
}
