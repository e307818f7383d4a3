/**
 * The common view every surface export starts from: the grid's coordinates,
 * its shape, the "done" mask and each computed array under the reference
 * implementation's name and in its units (Li et al., loss-landscape:
 * `train_loss`, `train_acc`, `test_loss`, `test_acc`; accuracy in percent,
 * 0–100, as its `evaluation.eval_loss` returns `100.*correct/total`, while we
 * keep fractions in memory).
 *
 * Values stay in our storage order, Z[y][x] flattened (index iy·nx + ix): x
 * varies fastest. Every export writes points in this order.
 */
import type { SurfaceArrayName, SurfaceData } from '../../contract.ts';

export class ExportError extends Error {
  override name = 'ExportError';
}

/** Our array keys → the reference's dataset names, in the reference's order. */
export const REFERENCE_NAMES: ReadonlyArray<readonly [SurfaceArrayName, string]> = [
  ['trainLoss', 'train_loss'],
  ['trainAccuracy', 'train_acc'],
  ['testLoss', 'test_loss'],
  ['testAccuracy', 'test_acc'],
];

export interface ExportArray {
  key: SurfaceArrayName;
  /** The reference's name, e.g. `train_loss`. */
  name: string;
  /** Length nx·ny, Z[y][x] flattened; accuracies in percent (float32, like the grid). */
  values: Float32Array;
  units: 'nats' | 'percent';
}

export interface ExportGrid {
  surfaceId: string;
  /** False for a 1D line (no y axis). */
  is2D: boolean;
  nx: number;
  /** 1 for a 1D line. */
  ny: number;
  /** `[ny, nx]` for a plane, `[nx]` for a line. */
  shape: number[];
  xCoordinates: number[];
  yCoordinates: number[];
  /** 1 where the point is computed; length nx·ny. */
  done: Uint8Array;
  arrays: ExportArray[];
}

/**
 * Checks a surface's sizes and gathers its arrays in export form.
 * @throws ExportError naming the surface and the inconsistency.
 */
export function exportGrid(surface: SurfaceData): ExportGrid {
  const fail = (problem: string): never => {
    throw new ExportError(`Surface "${surface.id}": ${problem}`);
  };
  const nx = surface.xCoordinates.length;
  const is2D = surface.yCoordinates.length > 0;
  const ny = is2D ? surface.yCoordinates.length : 1;
  if (nx === 0) fail('has no x coordinates.');
  const points = nx * ny;
  if (surface.done.length !== points) fail(`its done mask has ${surface.done.length} entries, expected nx·ny = ${points}.`);
  const arrays: ExportArray[] = [];
  for (const [key, name] of REFERENCE_NAMES) {
    const stored = surface.values[key];
    if (!stored) continue;
    if (stored.length !== points) fail(`${name} has ${stored.length} values, expected nx·ny = ${nx}·${ny} = ${points}.`);
    const isAccuracy = key === 'trainAccuracy' || key === 'testAccuracy';
    const values = isAccuracy ? stored.map((v) => v * 100) : stored;
    arrays.push({ key, name, values, units: isAccuracy ? 'percent' : 'nats' });
  }
  if (!arrays.some((a) => a.key === 'trainLoss')) fail('has no train_loss values.');
  return {
    surfaceId: surface.id,
    is2D,
    nx,
    ny,
    shape: is2D ? [ny, nx] : [nx],
    xCoordinates: surface.xCoordinates,
    yCoordinates: surface.yCoordinates,
    done: surface.done,
    arrays,
  };
}

/** A copy of the array with every unfinished point set to −1, the reference's "not yet computed" mark. */
export function withUnfinishedMarked(grid: ExportGrid, array: ExportArray): Float32Array {
  const out = Float32Array.from(array.values);
  for (let i = 0; i < out.length; i++) if (grid.done[i] === 0) out[i] = -1;
  return out;
}
