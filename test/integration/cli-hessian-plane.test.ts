import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { runCli } from '../support/run-cli.ts';
import { temporaryFolder } from '../support/tiny-snapshot.ts';

interface Summary {
  surfaces: Array<{ id: string; completedPoints: number; eigenvalues?: Array<{ value: number; residual: number }>; metrics: { hessian: { topEigenvalue: number } | null } | null }>;
  estimate: { planeSeconds: number; estimatedSeconds: number; points: number; secondsPerPoint: number } | null;
}

describe('surface --dir hessian, end to end through the engine process', () => {
  let dir: string;
  let snapshot: string;

  beforeAll(async () => {
    dir = await temporaryFolder('lab-cli-hessian-');
    snapshot = join(dir, 'demo.lab');
    const trained = await runCli(['train', '--data', 'mnist', '--preset', 'tiny', '--activations', 'tswish', '--epochs', '2', '--train-limit', '512', '--test-limit', '128', '--lr', '0.003', '--out', snapshot, '--no-progress']);
    expect(trained.code, trained.stderr).toBe(0);
  }, 120_000);

  it('counts the Lanczos in the estimate, then prints the eigenvalues with residuals and keeps them in the record', { timeout: 180_000 }, async () => {
    const args = ['surface', snapshot, '--dir', 'hessian', '--grid', '5', '--eval-limit', '128', '--out', join(dir, 'hessian.lab'), '--json', '--no-progress'];
    const estimated = await runCli([...args, '--estimate']);
    expect(estimated.code, estimated.stderr).toBe(0);
    const estimate = (JSON.parse(estimated.stdout) as Summary).estimate!;
    expect(estimate.planeSeconds).toBeGreaterThan(0);
    expect(estimate.estimatedSeconds).toBeGreaterThanOrEqual(estimate.planeSeconds + estimate.points * estimate.secondsPerPoint - 1e-9);

    const result = await runCli(args);
    expect(result.code, result.stderr).toBe(0);
    const surface = (JSON.parse(result.stdout) as Summary).surfaces[0]!;
    expect(surface.completedPoints).toBe(25);
    expect(surface.eigenvalues).toHaveLength(2);
    const [first, second] = surface.eigenvalues!;
    expect(Math.abs(first.value)).toBeGreaterThanOrEqual(Math.abs(second.value));
    for (const e of surface.eigenvalues!) {
      expect(Number.isFinite(e.value)).toBe(true);
      expect(e.residual).toBeGreaterThanOrEqual(0);
      expect(e.residual).toBeLessThan(1);
    }
    // The surface's metrics keep their own λmax (power iteration) beside the plane's eigenvalues.
    const lambdaMax = surface.metrics!.hessian!.topEigenvalue;
    expect(Number.isFinite(lambdaMax)).toBe(true);

    const stored = (await readSnapshot(join(dir, 'hessian.lab'))).surfaces[0]!;
    expect(stored.recipe.direction).toBe('hessian');
    expect(stored.hessianPlane!.eigenvalues).toEqual(surface.eigenvalues!.map((e) => e.value));
    expect(stored.hessianPlane!.products).toBe(stored.hessianPlane!.lanczosSteps + 2);
    expect(stored.hessianPlane!.examples).toBe(128);

    // The plain summary says it in words; the directions export rebuilds the same plane.
    const plain = await runCli(['surface', join(dir, 'hessian.lab'), '--dir', 'hessian', '--grid', '5', '--eval-limit', '128', '--no-progress', '--resume']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toMatch(/Hessian plane: λ1 -?[\d.e+-]+ \(residual [\d.e+-]+\), λ2/);
    const exported = await runCli(['export', join(dir, 'hessian.lab'), '--format', 'directions', '--surface', stored.id, '--out', join(dir, 'directions.h5')]);
    expect(exported.code, exported.stderr).toBe(0);
  });
});
