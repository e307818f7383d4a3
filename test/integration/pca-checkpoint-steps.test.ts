/** The PCA plane of a run checkpointed by steps: every checkpoint of the last epoch but the final one is a trajectory point. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SurfaceJobSchema, SurfaceRecipeSchema } from '../../src-main/contract.ts';
import { runSurfaceJob } from '../../src-main/engine/jobs/surface-job.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { recordingContext, temporaryFolder, tinyExperiment, trainTinySnapshot } from '../support/tiny-snapshot.ts';

describe('a PCA plane over checkpoints by steps', () => {
  it('projects each checkpoint with its step, the final one at the origin', { timeout: 120_000 }, async () => {
    const dir = await temporaryFolder('lab-pca-steps-');
    const experiment = tinyExperiment([{ name: 'relu' }]);
    // 384 examples in batches of 64: 6 steps in the one epoch, a checkpoint every 2.
    Object.assign(experiment.runs[0].train, { epochs: 1, checkpointEvery: 2, checkpointUnit: 'steps' });
    const trained = await trainTinySnapshot(dir, experiment);
    expect((await readSnapshot(trained)).runs[0].checkpointSteps).toEqual([0, 2, 4, 6]);
    const recipe = SurfaceRecipeSchema.parse({ direction: 'pca', x: { min: -1, max: 1, num: 3 }, y: { min: -1, max: 1, num: 3 }, evaluation: { count: 64 } });
    const out = join(dir, 'pca.lab');
    await runSurfaceJob(SurfaceJobSchema.parse({ kind: 'surface', snapshot: trained, out, recipe, workers: 1, hessian: false }), recordingContext());
    const trajectory = (await readSnapshot(out)).surfaces[0].pca!.trajectory;
    expect(trajectory.map((p) => [p.epoch, p.step])).toEqual([[0, 0], [1, 2], [1, 4], [1, 6]]);
    expect(trajectory.at(-1)).toMatchObject({ x: 0, y: 0, distance: 0 });
    expect(Math.hypot(trajectory[2].x, trajectory[2].y)).toBeGreaterThan(0);
  });
});
