/**
 * `surface --directions FILE`: a direction file in the reference's format
 * (here our own export's directions.h5) gives back exactly the plane it was
 * written from, so the recomputed surface equals the original; a file of
 * another architecture is refused naming the first parameter whose shape
 * differs; a file changed after the surface was set up is refused too.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SurfaceJobSchema, SurfaceRecipeSchema, type Snapshot, type SurfaceRecipe } from '../../src-main/contract.ts';
import { sha256OfFile } from '../../src-main/engine/interop/reference/imported-plane.ts';
import { exportReference } from '../../src-main/engine/interop/reference/reference-export.ts';
import { runSurfaceJob } from '../../src-main/engine/jobs/surface-job.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { referenceRecipe, referenceSnapshots } from '../support/reference-fixture.ts';
import { recordingContext, temporaryFolder } from '../support/tiny-snapshot.ts';

let dir: string;
let snapshot: Snapshot;
let snapshotPath: string;
const folderOf = (runId: string): string => join(dir, 'reference', snapshot.surfaces.find((s) => s.runId === runId)!.id);

beforeAll(async () => {
  dir = await temporaryFolder('lab-reference-import-');
  snapshotPath = (await referenceSnapshots(dir)).withSurfaces;
  snapshot = await readSnapshot(snapshotPath);
  await exportReference(snapshot, 'surfaces.lab', join(dir, 'reference'));
}, 240_000);

async function fileRecipe(path: string): Promise<SurfaceRecipe> {
  return SurfaceRecipeSchema.parse({ ...referenceRecipe, direction: 'file', directionsFile: { path, sha256: await sha256OfFile(path) } });
}

async function surfaceAlong(runId: string, recipe: SurfaceRecipe, out: string): Promise<Snapshot> {
  const job = SurfaceJobSchema.parse({ kind: 'surface', snapshot: snapshotPath, out: join(dir, out), recipe, workers: 1, hessian: false, runIds: [runId] });
  await runSurfaceJob(job, recordingContext());
  return readSnapshot(join(dir, out));
}

describe('surface --directions FILE', () => {
  it.each(['relu', 'tswish-bn'])('%s: the exported directions.h5 imported back gives the same surface', async (runId) => {
    const recipe = await fileRecipe(join(folderOf(runId), 'directions.h5'));
    const result = await surfaceAlong(runId, recipe, `imported-${runId}.lab`);
    const imported = result.surfaces.find((s) => s.recipe.direction === 'file')!;
    const original = snapshot.surfaces.find((s) => s.runId === runId)!;
    expect(imported.recipe.directionsFile).toEqual(recipe.directionsFile);
    const worst = Math.max(...Array.from(original.values.trainLoss, (v, i) => Math.abs(imported.values.trainLoss[i]! - v) / v));
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it("refuses another architecture's file, naming the first parameter whose shape differs", async () => {
    const recipe = await fileRecipe(join(folderOf('relu-bn'), 'directions.h5'));
    await expect(surfaceAlong('relu', recipe, 'mismatch.lab')).rejects.toThrow(
      /does not fit this network: parameter 2 \(conv2\.weight\) has shape \[8, 4, 3, 3\] in the model, \[4\] in xdirection\/2/,
    );
  });

  it('refuses a file that changed after the surface was set up', async () => {
    const path = join(dir, 'changing.h5');
    await copyFile(join(folderOf('relu'), 'directions.h5'), path);
    const recipe = await fileRecipe(path);
    await writeFile(path, 'not the same file');
    await expect(surfaceAlong('relu', recipe, 'changed.lab')).rejects.toThrow(/has changed since the surface was set up/);
  });
});
