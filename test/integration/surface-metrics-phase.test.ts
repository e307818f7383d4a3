/**
 * A surface's metrics phase (Hessian λmax and Tr H) has its own count: the
 * job reports its Hessian-vector products done of those planned, up to the
 * total, instead of sitting at 100 % of the points; a cancel during it stops
 * between products and leaves the computed grid saved.
 */
import { copyFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SurfaceJobSchema, SurfaceRecipeSchema, type EngineEvent, type JobProgress, type SurfaceJob } from '../../src-main/contract.ts';
import { runSurfaceJob } from '../../src-main/engine/jobs/surface-job.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { recordingContext, temporaryFolder, trainTinySnapshot } from '../support/tiny-snapshot.ts';

const recipe = SurfaceRecipeSchema.parse({ x: { min: -1, max: 1, num: 5 }, y: { min: -1, max: 1, num: 4 }, evaluation: { count: 128 } });
const hessian = { iterations: 6, samples: 4, examples: 64 };

function surfaceJob(snapshot: string, out: string, extra: Partial<SurfaceJob> = {}): SurfaceJob {
  return SurfaceJobSchema.parse({ kind: 'surface', snapshot, out, recipe, workers: 1, hessian, runIds: ['relu'], ...extra });
}

const metricsProgress = (events: EngineEvent[]): JobProgress[] =>
  events.flatMap((e) => (e.type === 'progress' && e.progress.phase.startsWith('Hessian λmax and Tr H of') ? [e.progress] : []));

describe('the metrics phase of a surface job', () => {
  let dir: string;
  let trained: string;

  beforeAll(async () => {
    dir = await temporaryFolder();
    trained = await trainTinySnapshot(dir);
  });

  it('reports its Hessian products done of those planned, increasing up to the total', { timeout: 120_000 }, async () => {
    const events: EngineEvent[] = [];
    const out = join(dir, 'metrics.lab');
    await runSurfaceJob(surfaceJob(trained, out), recordingContext(events));
    const phase = metricsProgress(events);
    expect(phase.length).toBeGreaterThan(2);
    expect(phase.every((p) => p.phaseCount !== undefined && p.runId === 'relu')).toBe(true);
    // The job's own count stays at its points: every point is done.
    expect(phase.every((p) => p.done === 20 && p.total === 20)).toBe(true);
    const counts = phase.map((p) => p.phaseCount!);
    expect(counts[0]).toEqual({ done: 0, total: hessian.iterations + hessian.samples });
    for (let i = 1; i < counts.length; i++) {
      expect(counts[i].done).toBeGreaterThanOrEqual(counts[i - 1].done);
      expect(counts[i].done).toBeLessThanOrEqual(counts[i].total);
    }
    const last = counts.at(-1)!;
    expect(last.done).toBe(last.total);
    // The total is what was computed: the power iterations it took (it may stop early) and every sample.
    const stored = (await readSnapshot(out)).surfaces[0].metrics!.hessian!;
    expect(last.total).toBe(stored.powerIterations + stored.traceSamples);
    expect(stored.traceSamples).toBe(hessian.samples);
    // Each product was reported once done: every count from the first to the last appears.
    expect(new Set(counts.map((c) => c.done)).size).toBe(last.total + 1);
  });

  it('stops between products on cancel, keeping the grid (and its grid metrics) saved, and resume adds λmax and Tr H', { timeout: 120_000 }, async () => {
    const out = join(dir, 'cancelled.lab');
    await copyFile(trained, out);
    const complete = join(dir, 'complete.lab');
    await runSurfaceJob(surfaceJob(trained, complete, { hessian: false }), recordingContext());
    const grid = (await readSnapshot(complete)).surfaces[0].values.trainLoss;

    const controller = new AbortController();
    const events: EngineEvent[] = [];
    const context = recordingContext(events, controller);
    const send = context.progress.bind(context);
    context.progress = (update, force) => {
      send(update, force);
      if (update.phaseCount?.done === 2) controller.abort();
    };
    await expect(runSurfaceJob(surfaceJob(out, out), context)).rejects.toThrow(/Cancel/);
    // It stopped at the next product, not after all of them.
    expect(Math.max(...metricsProgress(events).map((p) => p.phaseCount!.done))).toBe(2);
    const saved = (await readSnapshot(out)).surfaces[0];
    expect(saved.completedPoints).toBe(20);
    expect(saved.values.trainLoss).toEqual(grid);
    expect(saved.metrics?.centre.loss).toBeGreaterThan(0);
    expect(saved.metrics?.hessian).toBeNull();
    expect((await readdir(dir)).filter((f) => f.startsWith('cancelled.lab.') && f.endsWith('.journal'))).toEqual([]);

    const resumed = await runSurfaceJob(surfaceJob(out, out, { resume: true }), recordingContext());
    expect(resumed.surfaces[0].computedPoints).toBe(0);
    expect(resumed.surfaces[0].metrics?.hessian?.traceSamples).toBe(hessian.samples);

    // Resumed again, now that the surface is saved whole with its metrics: nothing is recomputed.
    const again: EngineEvent[] = [];
    const before = (await readSnapshot(out)).surfaces[0].metrics;
    const repeat = await runSurfaceJob(surfaceJob(out, out, { resume: true }), recordingContext(again));
    const phases = again.flatMap((e) => (e.type === 'progress' ? [e.progress.phase] : []));
    expect(phases.filter((p) => /^(Surface of|Hessian λmax|Metrics of)/.test(p))).toEqual([]);
    expect(repeat.surfaces[0].computedPoints).toBe(0);
    expect(repeat.surfaces[0].metrics).toEqual(before);
    expect((await readSnapshot(out)).surfaces[0].metrics).toEqual(before);
  });
});
