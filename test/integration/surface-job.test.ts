import { copyFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SurfaceJobSchema, SurfaceRecipeSchema, type EngineEvent, type SurfaceJob } from '../../src-main/contract.ts';
import { runMergeJob } from '../../src-main/engine/jobs/merge-job.ts';
import { runSurfaceJob } from '../../src-main/engine/jobs/surface-job.ts';
import { runVerifyJob } from '../../src-main/engine/jobs/verify-job.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { distributePoints } from '../../src-main/engine/surfaces/point-distribution.ts';
import { loadSnapshotDataset, PointEvaluator, type PointEstimator } from '../../src-main/engine/surfaces/point-evaluator.ts';
import { liveOrtSessions } from '../../src-main/engine/surfaces/ort-runtime.ts';
import { workerPool } from '../../src-main/engine/surfaces/worker-pool.ts';
import { recordingContext, temporaryFolder, trainTinySnapshot } from '../support/tiny-snapshot.ts';

const recipe = SurfaceRecipeSchema.parse({ x: { min: -1, max: 1, num: 5 }, y: { min: -1, max: 1, num: 4 }, evaluation: { count: 128 } });

function surfaceJob(snapshot: string, out: string, extra: Partial<SurfaceJob> = {}): SurfaceJob {
  return SurfaceJobSchema.parse({ kind: 'surface', snapshot, out, recipe, workers: 1, hessian: false, runIds: ['relu'], ...extra });
}

describe('surface job', () => {
  let dir: string;
  let trained: string;
  let single: Float32Array;

  beforeAll(async () => {
    dir = await temporaryFolder();
    trained = await trainTinySnapshot(dir);
    const out = join(dir, 'single.lab');
    await runSurfaceJob(surfaceJob(trained, out), recordingContext());
    single = (await readSnapshot(out)).surfaces[0].values.trainLoss;
  });

  it('stores a complete [y][x] grid with metrics and leaves no journal behind', async () => {
    const snapshot = await readSnapshot(join(dir, 'single.lab'));
    const surface = snapshot.surfaces[0];
    expect(surface.xCoordinates).toHaveLength(5);
    expect(surface.yCoordinates).toHaveLength(4);
    expect(surface.values.trainLoss).toHaveLength(20);
    expect(surface.completedPoints).toBe(20);
    expect([...surface.done].every((d) => d === 1)).toBe(true);
    expect(surface.metrics?.centre.loss).toBeGreaterThan(0);
    expect((await readdir(dir)).filter((f) => f.endsWith('.journal'))).toEqual([]);
  });

  it('gives the same values when the same snapshot is computed again, and verify finds no difference', async () => {
    const again = join(dir, 'again.lab');
    await runSurfaceJob(surfaceJob(trained, again), recordingContext());
    expect((await readSnapshot(again)).surfaces[0].values.trainLoss).toEqual(single);
    const verified = await runVerifyJob({ kind: 'verify', snapshot: again, samples: 6 }, recordingContext());
    expect(verified.maxLossDifference).toBe(0);
    expect(verified.maxAccuracyDifference).toBe(0);
  });

  it('shares points between this process and pool workers, each point exactly its single-process value', async () => {
    const snapshot = await readSnapshot(trained);
    const run = snapshot.runs.find((r) => r.spec.id === 'relu')!;
    const real = await PointEvaluator.create(snapshot, run, recipe, await loadSnapshotDataset(snapshot, {}));
    let local = 0;
    // This process is made slow, so the (started) workers must take a share.
    const slow = {
      evaluateWith: async (index: number, estimator: PointEstimator) => {
        local += 1;
        await new Promise((resolve) => setTimeout(resolve, 400));
        return real.evaluateWith(index, estimator);
      },
    } as unknown as PointEvaluator;
    const results = new Map<number, number>();
    try {
      const clients = workerPool.acquire(2);
      await Promise.all(clients.map((client) => client.ready()));
      const distribution = { evaluator: slow, clients, target: { snapshot: trained, runId: 'relu', recipe }, signal: new AbortController().signal };
      const indices = Array.from({ length: 20 }, (_, i) => i);
      await distributePoints(distribution, indices, { kind: 'exact' }, (points) => points.forEach((p) => results.set(p.index, p.trainLoss)));
      // A second surface on the warm pool: the workers reuse their evaluator.
      await distributePoints(distribution, indices.slice(0, 10), { kind: 'exact' }, (points) => points.forEach((p) => results.set(p.index, p.trainLoss)));
    } finally {
      workerPool.dispose();
      real.dispose();
    }
    expect(local).toBeGreaterThan(0);
    // 30 points in all: the workers computed some.
    expect(local).toBeLessThan(30);
    expect([...results.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // The pool is TensorFlow.js's: compare with a TensorFlow.js surface, bit for bit.
    const tfjsOut = join(dir, 'tfjs.lab');
    await runSurfaceJob(surfaceJob(trained, tfjsOut, { evaluator: 'tfjs' }), recordingContext());
    const tfjsSingle = (await readSnapshot(tfjsOut)).surfaces[0].values.trainLoss;
    for (const [index, loss] of results) expect(loss).toBe(tfjsSingle[index]);
  }, 120_000);

  it('leaves no tensor and no ONNX Runtime session behind, in either plane mode, Hessian included', async () => {
    const tensors = tf.memory().numTensors;
    const sessions = liveOrtSessions();
    for (const mode of ['inputs', 'constant']) {
      process.env.LAB_ORT_PLANE = mode;
      try {
        const out = join(dir, `leak-${mode}.lab`);
        const result = await runSurfaceJob(surfaceJob(trained, out, { hessian: { iterations: 2, samples: 2, examples: 64 } }), recordingContext());
        expect(result.backend).toContain(mode === 'constant' ? 'constant graph per point' : 'plane as graph inputs');
        expect((await readSnapshot(out)).surfaces[0]!.metrics?.hessian?.topEigenvalue).toBeGreaterThan(0);
      } finally {
        delete process.env.LAB_ORT_PLANE;
      }
      expect(tf.memory().numTensors).toBe(tensors);
      expect(liveOrtSessions()).toBe(sessions);
    }
  }, 120_000);

  it('evaluates with ONNX Runtime by default, names it in the record, and matches TensorFlow.js to 1e-5', async () => {
    const onnxOut = join(dir, 'onnx.lab');
    const tfjsOut = join(dir, 'tfjs-bn.lab');
    const onnx = await runSurfaceJob(surfaceJob(trained, onnxOut, { runIds: ['relu', 'tsqrt'] }), recordingContext());
    const tfjs = await runSurfaceJob(surfaceJob(trained, tfjsOut, { runIds: ['relu', 'tsqrt'], evaluator: 'tfjs' }), recordingContext());
    expect(onnx.backend).toMatch(/^onnxruntime 1\.30\.\d+ cpu, \d+ threads?/);
    expect(tfjs.backend).toMatch(/^TensorFlow\.js /);
    const [onnxSurfaces, tfjsSurfaces] = [(await readSnapshot(onnxOut)).surfaces, (await readSnapshot(tfjsOut)).surfaces];
    // The plane mode follows the activation: ReLU (one node) constant weights, TSQRT (eight) plane as inputs.
    expect(onnxSurfaces.map((s) => s.timing.backend.replace(/^onnxruntime 1\.30\.\d+ cpu, \d+ threads?, /, ''))).toEqual([
      'constant graph per point',
      'plane as graph inputs',
    ]);
    for (const [k, surface] of onnxSurfaces.entries()) {
      const reference = tfjsSurfaces[k]!;
      surface.values.trainLoss.forEach((loss, i) => {
        expect(Math.abs(loss - reference.values.trainLoss[i]!) / reference.values.trainLoss[i]!).toBeLessThan(1e-5);
      });
      expect([...surface.values.trainAccuracy]).toEqual([...reference.values.trainAccuracy]);
    }
    // verify recomputes with the runtime that made the surface: no difference at all.
    const verified = await runVerifyJob({ kind: 'verify', snapshot: onnxOut, samples: 6 }, recordingContext());
    expect(verified.maxLossDifference).toBe(0);
  }, 120_000);

  it('merges two shards into exactly the single-run surface and refuses mismatched recipes', async () => {
    const shard0 = join(dir, 'shard0.lab');
    const shard1 = join(dir, 'shard1.lab');
    await runSurfaceJob(surfaceJob(trained, shard0, { shard: { index: 0, count: 2 } }), recordingContext());
    await runSurfaceJob(surfaceJob(trained, shard1, { shard: { index: 1, count: 2 } }), recordingContext());
    const part = (await readSnapshot(shard0)).surfaces[0];
    expect(part.completedPoints).toBeGreaterThan(0);
    expect(part.completedPoints).toBeLessThan(20);
    const merged = join(dir, 'merged.lab');
    const result = await runMergeJob({ kind: 'merge', inputs: [shard0, shard1], out: merged }, recordingContext());
    expect(result.surfaces[0].completedPoints).toBe(20);
    const surface = (await readSnapshot(merged)).surfaces[0];
    expect(surface.values.trainLoss).toEqual(single);
    expect(surface.metrics).not.toBeNull();

    const other = join(dir, 'other-seed.lab');
    await runSurfaceJob(surfaceJob(trained, other, { recipe: { ...recipe, seed: 9 }, shard: { index: 1, count: 2 } }), recordingContext());
    // A different seed is a different surface: merged side by side, never mixed.
    const side = await runMergeJob({ kind: 'merge', inputs: [shard0, other], out: join(dir, 'side.lab') }, recordingContext());
    expect(side.surfaces).toHaveLength(2);
    expect(side.surfaces.every((s) => s.completedPoints < 20)).toBe(true);
  });

  it('resumes after a cancellation without losing or recomputing a point', async () => {
    const out = join(dir, 'resumed.lab');
    await copyFile(trained, out);
    const controller = new AbortController();
    const events: EngineEvent[] = [];
    const context = recordingContext(events, controller);
    const originalProgress = context.progress.bind(context);
    let seen = 0;
    context.progress = (update, force) => {
      originalProgress(update, force);
      if (update.phase.startsWith('Surface') && ++seen === 7) controller.abort();
    };
    await expect(runSurfaceJob(surfaceJob(out, out), context)).rejects.toThrow(/Cancel/);
    expect((await readdir(dir)).some((f) => f.startsWith('resumed.lab.') && f.endsWith('.journal'))).toBe(true);
    const resumed = await runSurfaceJob(surfaceJob(out, out, { resume: true }), recordingContext());
    expect(resumed.surfaces[0].computedPoints).toBe(20 - 7);
    expect(resumed.surfaces[0].completedPoints).toBe(20);
    expect((await readSnapshot(out)).surfaces[0].values.trainLoss).toEqual(single);
  });

  it('computes a PCA plane with the training trajectory projected onto it', async () => {
    const out = join(dir, 'pca.lab');
    await runSurfaceJob(surfaceJob(trained, out, { recipe: { ...recipe, direction: 'pca' } }), recordingContext());
    const surface = (await readSnapshot(out)).surfaces[0];
    expect(surface.pca?.trajectory.map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
    expect(surface.pca?.trajectory.at(-1)).toMatchObject({ x: 0, y: 0, distance: 0 });
    const [first, second] = surface.pca!.explainedVariance;
    expect(first).toBeGreaterThanOrEqual(second);
    expect(first + second).toBeLessThanOrEqual(1 + 1e-9);
  });
});
