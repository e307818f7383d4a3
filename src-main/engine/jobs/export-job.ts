/** `export`: a surface as HDF5 (reference layout), CSV or VTK; its directions and weights as HDF5 or .npy. */
import type { z } from 'zod';
import type { ExportJobSchema } from '../../contract.ts';
import { artifactsToModel } from '../snapshot/model-artifacts.ts';
import { writeDirectionsH5 } from '../snapshot/export-directions-h5.ts';
import { exportNpyFolder } from '../snapshot/export-npy.ts';
import { exportSurface, findSurface } from '../snapshot/export-surface.ts';
import { readSnapshot } from '../snapshot/snapshot-file.ts';
import { planeForRecipe } from '../surfaces/surface-plane.ts';
import { readAllWeights, weightLayout } from '../training/weights.ts';
import type { JobContext } from './job-context.ts';

type ExportJob = z.infer<typeof ExportJobSchema>;

export async function runExportJob(job: ExportJob, context: JobContext): Promise<{ path: string }> {
  context.progress({ phase: `Exporting ${job.format}`, done: 0, total: 1 }, true);
  const snapshot = await readSnapshot(job.snapshot);
  if (job.format === 'h5' || job.format === 'csv' || job.format === 'vtp') {
    return { path: await exportSurface(snapshot, job.surfaceId, job.format, job.out) };
  }
  // Directions are not stored: they are rebuilt from the recipe, exactly as the surface used them.
  const surface = findSurface(snapshot, job.surfaceId);
  const run = snapshot.runs.find((r) => r.spec.id === surface.runId)!;
  const model = await artifactsToModel(run.model);
  try {
    const plane = await planeForRecipe(snapshot, run, model, surface.recipe);
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
