import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { runCli } from '../support/run-cli.ts';
import { temporaryFolder } from '../support/tiny-snapshot.ts';

interface Spread {
  mean: number;
  std: number;
  n: number;
  values: number[];
}
interface Summary {
  surfaces: Array<{ id: string; runId: string; seed: number; metrics: { sharpness: { value: number }; roughness: { laplacian: number } } }>;
  directionSeeds: Array<{ runId: string; seeds: number[]; surfaceIds: string[]; metrics: Record<string, Spread>; pointSpread: { mean: number; max: number } | null }>;
}

describe('surface --direction-seeds K, end to end through the engine process', () => {
  let dir: string;
  let snapshot: string;

  beforeAll(async () => {
    dir = await temporaryFolder('lab-cli-seeds-');
    snapshot = join(dir, 'demo.lab');
    const trained = await runCli(['train', '--data', 'mnist', '--preset', 'tiny', '--activations', 'relu,tswish', '--epochs', '2', '--train-limit', '512', '--test-limit', '128', '--lr', '0.003', '--out', snapshot, '--no-progress']);
    expect(trained.code, trained.stderr).toBe(0);
  }, 120_000);

  it('computes K planes per run and prints each metric’s mean and std over them, and the comparison against the noise', { timeout: 180_000 }, async () => {
    const out = join(dir, 'seeds.lab');
    const args = ['surface', snapshot, '--grid', '5', '--eval-limit', '128', '--no-hessian', '--seed', '7', '--direction-seeds', '3', '--out', out, '--no-progress'];
    const result = await runCli([...args, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.surfaces).toHaveLength(6);
    expect(summary.directionSeeds.map((g) => g.runId)).toEqual(['relu', 'tswish']);
    for (const group of summary.directionSeeds) {
      expect(group.seeds).toEqual([7, 8, 9]);
      expect(new Set(group.surfaceIds).size).toBe(3);
      const mine = summary.surfaces.filter((s) => s.runId === group.runId);
      const sharpness = mine.map((s) => s.metrics.sharpness.value);
      const mean = sharpness.reduce((a, b) => a + b, 0) / 3;
      const std = Math.sqrt(sharpness.reduce((a, b) => a + (b - mean) ** 2, 0) / 2);
      expect(group.metrics.sharpness.mean).toBeCloseTo(mean, 10);
      expect(group.metrics.sharpness.std).toBeCloseTo(std, 10);
      // Independent planes give different surfaces: the spread is real, the centre is the same point.
      expect(group.metrics.roughness.std).toBeGreaterThan(0);
      expect(group.metrics.centreLoss.std).toBeLessThan(1e-6);
      expect(group.pointSpread!.max).toBeGreaterThan(0);
    }
    const stored = await readSnapshot(out);
    expect(stored.surfaces.map((s) => s.recipe.seed).sort()).toEqual([7, 7, 8, 8, 9, 9]);

    const plain = await runCli([...args, '--resume']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toMatch(/TSwish: 3 random planes \(seeds 7, 8, 9\), mean ± std/);
    expect(plain.stderr).toMatch(/sharpness [-\d.e]+ ± [-\d.e]+/);
    expect(plain.stderr).toMatch(/TSwish: .*roughness [-\d.e]+ \(t [\d.e+-]+, (significant|within noise)\)/);
  });

  it('refuses seeds for a plane that has none', async () => {
    const result = await runCli(['surface', snapshot, '--dir', 'pca', '--grid', '5', '--direction-seeds', '3', '--out', join(dir, 'x.lab'), '--no-progress']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--direction-seeds needs random directions/);
  });
});
