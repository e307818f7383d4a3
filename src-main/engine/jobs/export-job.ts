/**
 * `export`: a surface as HDF5 (reference layout), CSV or VTK; its directions and weights as HDF5 or .npy;
 * the reference export, a folder per surface that the reference implementation checks; or the evolution export
 * (an h5 per frame, the metrics over training as CSV and an animated GIF per landscape evolution).
 */
import { basename } from 'node:path';
import type { z } from 'zod';
import type { ExportJobSchema } from '../../contract.ts';
import { exportReference, exportReferenceZip, type ReferenceFolderSummary } from '../interop/reference/reference-export.ts';
import { artifactsToModel } from '../snapshot/model-artifacts.ts';
import { writeDirectionsH5 } from '../snapshot/export-directions-h5.ts';
import { exportEvolution, exportEvolutionZip, type EvolutionFolderSummary } from '../snapshot/export-evolution.ts';
import { exportNpyFolder } from '../snapshot/export-npy.ts';
import { exportSurface, findSurface } from '../snapshot/export-surface.ts';
import { readSnapshot } from '../snapshot/snapshot-file.ts';
import { dataCacheDir } from '../../user-folders.ts';
import { loadSnapshotDataset } from '../surfaces/point-evaluator.ts';
import { planeForRecipe } from '../surfaces/surface-plane.ts';
import { readAllWeights, weightLayout } from '../training/weights.ts';
import type { JobContext } from './job-context.ts';

type ExportJob = z.infer<typeof ExportJobSchema>;

export async function runExportJob(
  job: ExportJob,
  context: JobContext,
): Promise<{ path: string; folders?: ReferenceFolderSummary[]; evolutions?: EvolutionFolderSummary[] }> {
  context.progress({ phase: `Exporting ${job.format}`, done: 0, total: 1 }, true);
  const snapshot = await readSnapshot(job.snapshot);
  if (job.format === 'evolution') {
    const progress = (done: number, total: number, what: string): void => context.progress({ phase: `Exporting the evolution of ${what}`, done, total }, true);
    // A .zip target (the app's export) gets the folder zipped; anything else is the folder itself.
    const write = job.out.toLowerCase().endsWith('.zip') ? exportEvolutionZip : exportEvolution;
    const result = await write(snapshot, basename(job.snapshot), job.out, { surfaceId: job.surfaceId, signal: context.signal, progress });
    return { path: result.path, evolutions: result.folders };
  }
  if (job.format === 'reference') {
    // A .zip target (the app's Export menu) gets the folder zipped; anything else is the folder itself.
    const write = job.out.toLowerCase().endsWith('.zip') ? exportReferenceZip : exportReference;
    return write(snapshot, basename(job.snapshot), job.out, {
      surfaceId: job.surfaceId,
      cacheDir: job.cacheDir ?? dataCacheDir(),
      signal: context.signal,
      progress: (done, total, what) => context.progress({ phase: `Exporting ${what}`, done, total }, true),
    });
  }
  if (job.format === 'h5' || job.format === 'csv' || job.format === 'vtp') {
    return { path: await exportSurface(snapshot, job.surfaceId, job.format, job.out) };
  }
  // Directions are not stored: they are rebuilt from the recipe, exactly as the surface used them.
  const surface = findSurface(snapshot, job.surfaceId);
  const run = snapshot.runs.find((r) => r.spec.id === surface.runId)!;
  const model = await artifactsToModel(run.model);
  try {
    // A Hessian plane is of the loss on the evaluation subset: it needs the data set.
    const dataset = surface.recipe.direction === 'hessian' ? await loadSnapshotDataset(snapshot, { cacheDir: job.cacheDir ?? dataCacheDir(), signal: context.signal }) : undefined;
    const plane = await planeForRecipe(snapshot, run, model, surface.recipe, dataset);
    const layout = weightLayout(model);
    const directions = { weightNames: layout.names, weightShapes: layout.shapes, x: plane.d1, y: plane.d2 };
    const weights = plane.origin ?? readAllWeights(model);
    if (job.format === 'npy') await exportNpyFolder(job.out, { surface, directions, weights });
    else await writeDirectionsH5(job.out, directions, weights, { recipe: surface.recipe, runId: run.spec.id, surfaceId: surface.id });
    return { path: job.out };
  } finally {
    model.dispose();
  }
}
