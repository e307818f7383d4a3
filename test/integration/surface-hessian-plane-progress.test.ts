/**
 * A Hessian-plane surface finds its plane (Lanczos) before its first point:
 * that step counts its Hessian-vector products done of those planned, ends
 * at what it took, and a cancel stops it between two products (issue 15:
 * long work has progress and cancel).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SurfaceJobSchema, type EngineEvent, type JobProgress, type SurfaceJob } from '../../src-main/contract.ts';
import { runSurfaceJob } from '../../src-main/engine/jobs/surface-job.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { recordingContext, temporaryFolder, trainTinySnapshot } from '../support/tiny-snapshot.ts';

const MAX_STEPS = 8;

function hessianJob(snapshot: string, out: string, seed: number): SurfaceJob {
  return SurfaceJobSchema.parse({
    kind: 'surface',
    snapshot,
    out,
    workers: 1,
    hessian: false,
    runIds: ['relu'],
    // A tolerance no float32 Lanczos reaches: it takes every step, so the plan is what it does.
    recipe: { direction: 'hessian', seed, x: { min: -0.02, max: 0.02, num: 3 }, y: { min: -0.02, max: 0.02, num: 3 }, evaluation: { count: 64 }, lanczos: { maxSteps: MAX_STEPS, tolerance: 1e-12 } },
  });
}

const lanczosProgress = (events: EngineEvent[]): JobProgress[] =>
  events.flatMap((e) => (e.type === 'progress' && e.progress.phase.startsWith('Hessian eigenvectors of') ? [e.progress] : []));

describe('the Lanczos step of a Hessian-plane surface', () => {
  let dir: string;
  let trained: string;

  beforeAll(async () => {
    dir = await temporaryFolder('lab-lanczos-');
    trained = await trainTinySnapshot(dir);
  });

  it('counts its Hessian-vector products up to what it took', { timeout: 120_000 }, async () => {
    const events: EngineEvent[] = [];
    const out = join(dir, 'plane.lab');
    await runSurfaceJob(hessianJob(trained, out, 1), recordingContext(events));
    const counts = lanczosProgress(events).map((p) => p.phaseCount!);
    expect(counts[0]).toEqual({ done: 0, total: MAX_STEPS + 2 });
    for (let k = 1; k < counts.length; k++) expect(counts[k]!.done).toBeGreaterThanOrEqual(counts[k - 1]!.done);
    const products = (await readSnapshot(out)).surfaces[0]!.hessianPlane!.products;
    expect(counts.at(-1)).toEqual({ done: products, total: products });
    expect(counts.length).toBeGreaterThan(3);
  });

  it('stops between two products on cancel', { timeout: 120_000 }, async () => {
    const controller = new AbortController();
    const events: EngineEvent[] = [];
    const context = recordingContext(events, controller);
    const send = context.progress.bind(context);
    context.progress = (update, force) => {
      send(update, force);
      if (update.phaseCount && update.phase.startsWith('Hessian eigenvectors') && update.phaseCount.done === 2) controller.abort();
    };
    // Another seed: not the plane the first test's process already holds.
    await expect(runSurfaceJob(hessianJob(trained, join(dir, 'cancelled.lab'), 2), context)).rejects.toThrow(/Cancel/);
    expect(Math.max(...lanczosProgress(events).map((p) => p.phaseCount!.done))).toBe(2);
  });
});
