/**
 * Small surfaces and snapshots for the export tests. The default grid is not
 * square and not symmetric (loss = 5 + x + 10·y), so a transposed or flipped
 * export cannot pass for the right one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataSpecSchema,
  SurfaceRecipeSchema,
  type Snapshot,
  type SurfaceArrayName,
  type SurfaceData,
} from '../../src-main/contract.ts';

export interface SurfaceFixtureOptions {
  id?: string;
  xCoordinates?: number[];
  /** Empty for a 1D line. */
  yCoordinates?: number[];
  loss?: (x: number, y: number) => number;
  /** Fraction 0–1, as the engine stores it. */
  accuracy?: (x: number, y: number) => number;
  withTest?: boolean;
  /** Flat indices (iy·nx + ix) still to compute. */
  unfinished?: number[];
}

export const X4 = [-1, -1 / 3, 1 / 3, 1];
export const Y3 = [-0.4, 0, 0.4];
export const lossAt = (x: number, y: number): number => 5 + x + 10 * y;
export const accuracyAt = (x: number, y: number): number => 0.5 + 0.1 * x + 0.2 * y;

export function makeSurface(options: SurfaceFixtureOptions = {}): SurfaceData {
  const x = options.xCoordinates ?? X4;
  const y = options.yCoordinates ?? Y3;
  const loss = options.loss ?? lossAt;
  const accuracy = options.accuracy ?? accuracyAt;
  const rows = y.length > 0 ? y : [0];
  const count = x.length * rows.length;
  const grid = (f: (x: number, y: number) => number): Float32Array => {
    const out = new Float32Array(count);
    rows.forEach((yv, iy) => x.forEach((xv, ix) => (out[iy * x.length + ix] = f(xv, yv))));
    return out;
  };
  const values: SurfaceData['values'] = { trainLoss: grid(loss), trainAccuracy: grid(accuracy) };
  const arrays: SurfaceArrayName[] = ['trainLoss', 'trainAccuracy'];
  if (options.withTest) {
    values.testLoss = grid((a, b) => 2 * loss(a, b));
    values.testAccuracy = grid((a, b) => accuracy(a, b) / 2);
    arrays.push('testLoss', 'testAccuracy');
  }
  const done = new Uint8Array(count).fill(1);
  for (const i of options.unfinished ?? []) done[i] = 0;
  const recipe = SurfaceRecipeSchema.parse({
    x: { min: x[0], max: x[x.length - 1], num: x.length },
    y: y.length > 0 ? { min: y[0], max: y[y.length - 1], num: y.length } : null,
    evaluation: { count: 64 },
  });
  return {
    id: options.id ?? 'run-a.random',
    runId: 'run-a',
    label: 'run-a random plane',
    recipe,
    xCoordinates: x,
    yCoordinates: y,
    arrays,
    completedPoints: count - (options.unfinished?.length ?? 0),
    metrics: null,
    pca: null,
    measuredError: null,
    timing: { seconds: 1.5, workers: 2, backend: 'wasm' },
    createdAt: '2025-01-01T00:00:00.000Z',
    values,
    done,
  };
}

export function makeSnapshot(surfaces: SurfaceData[]): Snapshot {
  return {
    appVersion: '0.0.0-test',
    header: {
      name: 'demo',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      data: DataSpecSchema.parse({}),
      dataIdentity: {
        source: 'mnist',
        sha256: '0'.repeat(64),
        trainCount: 64,
        testCount: 16,
        inputShape: [28, 28, 1],
        numClasses: 10,
        classNames: Array.from({ length: 10 }, (_, i) => String(i)),
      },
      runIds: ['run-a'],
      surfaceIds: surfaces.map((s) => s.id),
    },
    runs: [],
    surfaces,
  };
}

/** A fresh temporary folder and its removal. */
export async function temporaryFolder(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lab-export-test-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
