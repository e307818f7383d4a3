/** A short run checkpointed by steps still gives an evolution of many frames, each named by epoch and step. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { runCli } from '../support/run-cli.ts';
import { temporaryFolder } from '../support/tiny-snapshot.ts';

interface Frame {
  id: string;
  epoch: number;
  step?: number;
  completedPoints: number;
}

describe('train --checkpoint-every in steps, then surface --evolution', () => {
  it('stores a checkpoint every k steps and computes a frame for each, labelled with its step', { timeout: 240_000 }, async () => {
    const dir = await temporaryFolder('lab-cli-evolution-steps-');
    const snapshot = join(dir, 'short.lab');
    // One epoch of 10 batches of 32, a checkpoint every step: 11 checkpoints with the initial weights.
    const trained = await runCli(['train', '--data', 'mnist', '--preset', 'tiny', '--activations', 'tswish', '--epochs', '1', '--batch-size', '32', '--checkpoint-every', '1steps', '--train-limit', '320', '--test-limit', '64', '--lr', '0.003', '--out', snapshot, '--no-progress']);
    expect(trained.code, trained.stderr).toBe(0);
    const run = (await readSnapshot(snapshot)).runs[0];
    expect(run.checkpointSteps).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(run.checkpointEpochs).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);

    const out = join(dir, 'evolution.lab');
    const result = await runCli(['surface', snapshot, '--evolution', '--grid', '3', '--eval-limit', '64', '--no-hessian', '--out', out, '--no-progress', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const frames = (JSON.parse(result.stdout) as { evolution: Array<{ frames: Frame[] }> }).evolution[0].frames;
    expect(frames.length).toBeGreaterThanOrEqual(10);
    expect(frames.map((f) => f.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(frames.map((f) => f.epoch)).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    for (const f of frames) expect(f.completedPoints).toBe(9);
    const stored = await readSnapshot(out);
    const third = stored.surfaces.find((s) => s.id === frames[3].id)!;
    expect(third.recipe.checkpoint).toEqual({ epoch: 1, step: 3, renormalise: false });
    expect(third.label).toMatch(/@ epoch 1 · step 3$/);
    expect(third.trajectory?.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    // The export names frames by step, and the CSV has a step column; only the epoch's end has its losses.
    const exported = join(dir, 'export');
    const exportRun = await runCli(['export', out, '--format', 'evolution', '--out', exported, '--no-progress']);
    expect(exportRun.code, exportRun.stderr).toBe(0);
    expect((await readdir(join(exported, 'tswish', 'frames'))).sort()[3]).toBe('step-000003.h5');
    const [header, ...rows] = (await readFile(join(exported, 'tswish', 'metrics.csv'), 'utf8')).trimEnd().split('\n');
    expect(header.split(',').slice(0, 3)).toEqual(['epoch', 'step', 'surface_id']);
    const trainLoss = header.split(',').indexOf('train_loss');
    expect(rows.map((row) => row.split(',')[1])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(rows.map((row) => row.split(',')[trainLoss] !== '')).toEqual([false, false, false, false, false, false, false, false, false, false, true]);
  });
});
