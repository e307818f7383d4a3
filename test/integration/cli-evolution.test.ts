import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { runCli } from '../support/run-cli.ts';
import { temporaryFolder } from '../support/tiny-snapshot.ts';

interface Frame {
  id: string;
  epoch: number;
  completedPoints: number;
  computedPoints: number;
  metrics: { centre: { loss: number } } | null;
}
interface Summary {
  evolution: Array<{ runId: string; renormalise: boolean; frames: Frame[] }>;
}

describe('surface --evolution, end to end through the engine process', () => {
  let dir: string;
  let snapshot: string;

  beforeAll(async () => {
    dir = await temporaryFolder('lab-cli-evolution-');
    snapshot = join(dir, 'demo.lab');
    const trained = await runCli(['train', '--data', 'mnist', '--preset', 'tiny', '--activations', 'tswish', '--epochs', '3', '--checkpoint-every', '1', '--train-limit', '512', '--test-limit', '128', '--lr', '0.003', '--out', snapshot, '--no-progress']);
    expect(trained.code, trained.stderr).toBe(0);
  }, 120_000);

  it('computes a frame per checkpoint on one plane, the last one the final model’s own surface, and resumes', { timeout: 240_000 }, async () => {
    const out = join(dir, 'evolution.lab');
    const args = ['surface', snapshot, '--evolution', '--grid', '5', '--eval-limit', '128', '--no-hessian', '--out', out, '--no-progress', '--json'];
    const result = await runCli(args);
    expect(result.code, result.stderr).toBe(0);
    const run = (JSON.parse(result.stdout) as Summary).evolution[0]!;
    expect(run.renormalise).toBe(false);
    expect(run.frames.map((f) => f.epoch)).toEqual([0, 1, 2, 3]);
    for (const f of run.frames) expect(f.completedPoints).toBe(25);
    // Training lowers the centre loss from the initial weights to the last epoch.
    expect(run.frames[3].metrics!.centre.loss).toBeLessThan(run.frames[0].metrics!.centre.loss);

    const stored = await readSnapshot(out);
    const frames = run.frames.map((f) => stored.surfaces.find((s) => s.id === f.id)!);
    expect(frames.map((s) => s.recipe.checkpoint)).toEqual([0, 1, 2, 3].map((epoch) => ({ epoch, renormalise: false })));
    expect(frames[1].label).toMatch(/@ epoch 1$/);

    // The last checkpoint is the trained model and the plane is normalised there: the ordinary surface, point for point.
    const plain = await runCli(['surface', snapshot, '--grid', '5', '--eval-limit', '128', '--no-hessian', '--out', join(dir, 'plain.lab'), '--no-progress']);
    expect(plain.code, plain.stderr).toBe(0);
    const ordinary = (await readSnapshot(join(dir, 'plain.lab'))).surfaces[0]!;
    expect(Array.from(frames[3].values.trainLoss)).toEqual(Array.from(ordinary.values.trainLoss));

    // Resuming from the written snapshot finds every frame complete: nothing is computed again.
    const resumed = await runCli(['surface', out, ...args.slice(2), '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as Summary).evolution[0]!.frames.map((f) => f.computedPoints)).toEqual([0, 0, 0, 0]);

    const renormalised = await runCli(['surface', snapshot, '--evolution', '--renormalise-per-checkpoint', '--grid', '3', '--eval-limit', '128', '--no-hessian', '--out', join(dir, 're.lab'), '--no-progress']);
    expect(renormalised.code, renormalised.stderr).toBe(0);
    expect(renormalised.stderr).toMatch(/4 frames on one plane \(re-normalised at each checkpoint\)/);
  });
});
