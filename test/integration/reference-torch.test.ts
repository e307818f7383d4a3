/**
 * The reference export checked with PyTorch: test/bench/reference_surface.py
 * (our small implementation of the reference's procedure: load model.py,
 * p = w + d0·x + d1·y in model.parameters() order, nn.CrossEntropyLoss over
 * eval_data.npz in batches of 128) recomputes five points of each surface,
 * two corners among them, and matches ours to 1e-5 relative — a fixed and a
 * trainable activation, with and without BN. Needs /usr/bin/python3 (or
 * $LAB_PYTHON) with torch, numpy and h5py (Debian: python3-torch,
 * python3-h5py); skipped with the reason otherwise.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src-main/contract.ts';
import { exportReference } from '../../src-main/engine/interop/reference/reference-export.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { PYTHON, torchUnavailable } from '../support/python-torch.ts';
import { REFERENCE_RUN_IDS, referenceSnapshots } from '../support/reference-fixture.ts';
import { temporaryFolder } from '../support/tiny-snapshot.ts';

const SCRIPT = resolve(import.meta.dirname, '..', 'bench', 'reference_surface.py');
const reason = torchUnavailable();
if (reason) console.warn(`reference-torch tests skipped: ${reason}`);

/** Corners (0, 0) and (nx−1, ny−1), the centre, and two inner points of the 5×3 grid. */
const POINTS = [0, 14, 7, 3, 9];

describe.skipIf(reason !== null)(`reference export recomputed in PyTorch${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let snapshot: Snapshot;
  let out: string;

  beforeAll(async () => {
    const dir = await temporaryFolder('lab-reference-torch-');
    snapshot = await readSnapshot((await referenceSnapshots(dir)).withSurfaces);
    out = join(dir, 'reference');
    await exportReference(snapshot, 'surfaces.lab', out);
  }, 240_000);

  it.each(REFERENCE_RUN_IDS)('%s: five points, two corners among them, match our surface to 1e-5', (runId) => {
    const surface = snapshot.surfaces.find((s) => s.runId === runId)!;
    const run = spawnSync(PYTHON, [SCRIPT, join(out, surface.id), '--points', POINTS.join(','), '--threads', '1'], {
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
      timeout: 120_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { points: Array<{ index: number; x: number; y: number; loss: number; acc: number }> };
    expect(result.points.map((p) => p.index)).toEqual(POINTS);
    for (const point of result.points) {
      const ours = surface.values.trainLoss[point.index]!;
      expect(point.x).toBeCloseTo(surface.xCoordinates[point.index % 5]!, 12);
      expect(point.y).toBeCloseTo(surface.yCoordinates[Math.floor(point.index / 5)]!, 12);
      expect(Math.abs(point.loss - ours) / ours, `point ${point.index}: torch ${point.loss}, ours ${ours}`).toBeLessThanOrEqual(1e-5);
      expect(point.acc / 100).toBeCloseTo(surface.values.trainAccuracy[point.index]!, 6);
    }
  });
});
