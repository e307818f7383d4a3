import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SurfaceJobSchema, type EngineEvent } from '../../src-main/contract.ts';
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

  it('computes a lattice, interpolates where the lattice says it may, stays within its tolerance, and measures its error on exact check points', { timeout: 180_000 }, async () => {
    const base = { kind: 'surface', snapshot: trained, workers: 1, hessian: false } as const;
    const recipe = { x: { min: -0.3, max: 0.3, num: 21 }, y: { min: -0.3, max: 0.3, num: 21 }, evaluation: { count: 512 } };
    const exactOut = join(dir, 'exact.lab');
    const fastOut = join(dir, 'fast.lab');
    await runSurfaceJob(SurfaceJobSchema.parse({ ...base, out: exactOut, recipe }), recordingContext());
    const fastEvents: EngineEvent[] = [];
    const tolerance = 0.01;
    await runSurfaceJob(SurfaceJobSchema.parse({ ...base, out: fastOut, recipe: { ...recipe, mode: { kind: 'fast', tolerance } } }), recordingContext(fastEvents));
    const exact = (await readSnapshot(exactOut)).surfaces[0]!;
    const fast = (await readSnapshot(fastOut)).surfaces[0]!;
    expect(fast.id).not.toBe(exact.id);
    expect(fast.completedPoints).toBe(441);
    const kinds = [...fast.done];
    // The 11×11 lattice (stride 2 from the centre, ends included) is exact; most of the rest is interpolated.
    for (let iy = 0; iy < 21; iy += 2) for (let ix = 0; ix < 21; ix += 2) expect(kinds[iy * 21 + ix]).toBe(1);
    const interpolated = kinds.filter((k) => k === 3).length;
    expect(interpolated).toBeGreaterThan(150);
    expect(kinds.every((k) => k === 1 || k === 3)).toBe(true);
    let worst = 0;
    for (let i = 0; i < 441; i++) worst = Math.max(worst, Math.abs(fast.values.trainLoss[i]! - exact.values.trainLoss[i]!) / exact.values.trainLoss[i]!);
    expect(worst).toBeLessThan(tolerance);
    const error = fast.measuredError!;
    expect(error.checkedPoints).toBeGreaterThanOrEqual(16);
    expect(error.estimatedPoints).toBeGreaterThanOrEqual(interpolated);
    // The claim is a measurement on points the surface still holds as estimates, so it cannot exceed the true error.
    expect(error.maxRelative).toBeLessThanOrEqual(worst + 1e-6);
    const phases = fastEvents.flatMap((e) => (e.type === 'progress' ? [e.progress.phase] : []));
    expect(phases.some((p) => /lattice of stride 2 \(11×11 points, computed exactly\)/.test(p))).toBe(true);
    expect(phases.some((p) => /measuring the error on \d+ exactly recomputed points/.test(p))).toBe(true);
    // Each step that computes points counts them itself (the bar and the ETA follow that count, not the
    // grid's 441 points, most of which are interpolated at once): the lattice's 121, then every step to its end.
    const counted = new Map<string, { done: number; total: number }[]>();
    for (const e of fastEvents) if (e.type === 'progress' && e.progress.phaseCount) counted.set(e.progress.phase, [...(counted.get(e.progress.phase) ?? []), e.progress.phaseCount]);
    const lattice = [...counted].find(([phase]) => /lattice of stride 2/.test(phase))?.[1];
    expect(lattice?.[0]).toEqual({ done: 0, total: 121 });
    expect(lattice?.at(-1)).toEqual({ done: 121, total: 121 });
    const check = [...counted].find(([phase]) => /measuring the error/.test(phase))?.[1];
    expect(check?.at(-1)?.total).toBeGreaterThanOrEqual(16);
    for (const counts of counted.values()) {
      expect(counts.at(-1)!.done).toBe(counts.at(-1)!.total);
      for (let k = 1; k < counts.length; k++) expect(counts[k]!.done).toBeGreaterThanOrEqual(counts[k - 1]!.done);
    }
  });

  it('says nothing was estimated when the lattice is the whole grid', { timeout: 60_000 }, async () => {
    const out = join(dir, 'small.lab');
    const recipe = { x: { min: -0.3, max: 0.3, num: 7 }, y: { min: -0.3, max: 0.3, num: 7 }, evaluation: { count: 256 }, mode: { kind: 'fast', tolerance: 0.01 } };
    await runSurfaceJob(SurfaceJobSchema.parse({ kind: 'surface', snapshot: trained, workers: 1, hessian: false, out, recipe }), recordingContext());
    const surface = (await readSnapshot(out)).surfaces[0]!;
    expect([...surface.done].every((k) => k === 1)).toBe(true);
    expect(surface.measuredError).toEqual({ maxRelative: 0, checkedPoints: 0, estimatedPoints: 0 });
  });
});
