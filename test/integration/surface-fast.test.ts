import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SurfaceJobSchema } from '../../src-main/contract.ts';
import { runSurfaceJob } from '../../src-main/engine/jobs/surface-job.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { recordingContext, temporaryFolder, tinyExperiment, trainTinySnapshot } from '../support/tiny-snapshot.ts';

describe('fast surfaces', () => {
  let dir: string;
  let trained: string;

  beforeAll(async () => {
    dir = await temporaryFolder('lab-fast-');
    const experiment = tinyExperiment([{ name: 'relu' }]);
    experiment.data.trainLimit = 2048;
    experiment.runs[0].train.epochs = 2;
    trained = await trainTinySnapshot(dir, experiment);
  });

  it('stays within its tolerance of the exact surface while evaluating far fewer examples, and says how it got each point', { timeout: 180_000 }, async () => {
    const base = { kind: 'surface', snapshot: trained, workers: 1, hessian: false } as const;
    const recipe = { x: { min: -0.3, max: 0.3, num: 11 }, y: { min: -0.3, max: 0.3, num: 11 }, evaluation: { count: 2048 } };
    const exactOut = join(dir, 'exact.lab');
    const fastOut = join(dir, 'fast.lab');
    await runSurfaceJob(SurfaceJobSchema.parse({ ...base, out: exactOut, recipe }), recordingContext());
    const fastEvents: unknown[] = [];
    await runSurfaceJob(
      SurfaceJobSchema.parse({ ...base, out: fastOut, recipe: { ...recipe, mode: { kind: 'fast', tolerance: 0.05 } } }),
      recordingContext(fastEvents as never[]),
    );
    const exact = (await readSnapshot(exactOut)).surfaces[0];
    const fast = (await readSnapshot(fastOut)).surfaces[0];
    expect(fast.id).not.toBe(exact.id);
    expect(fast.completedPoints).toBe(121);
    const kinds = [...fast.done];
    expect(kinds.filter((k) => k === 3).length).toBeGreaterThan(10);
    expect(kinds.filter((k) => k === 2).length).toBeGreaterThan(0);
    let worst = 0;
    for (let i = 0; i < 121; i++) worst = Math.max(worst, Math.abs(fast.values.trainLoss[i] - exact.values.trainLoss[i]) / exact.values.trainLoss[i]);
    expect(worst).toBeLessThan(0.05);
    expect(fast.measuredError).not.toBeNull();
    const estimated = kinds.filter((k, i) => k !== 1 && i !== 60).length;
    expect(fast.measuredError!.estimatedPoints).toBe(estimated);
    expect(fast.measuredError!.checkedPoints).toBe(Math.min(estimated, Math.max(16, Math.ceil(0.02 * estimated))));
    expect(fast.measuredError!.maxRelative).toBeLessThanOrEqual(worst + 1e-6);
  });
});
