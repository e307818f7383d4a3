/**
 * Grid coordinates and indexing of a surface. Coordinates are the reference's
 * `np.linspace(min, max, num)` bit for bit; a surface is stored as Z[y][x]
 * flattened, index = iy·nx + ix. A 1D line has no y axis (ny = 1, y = 0).
 */
import type { Axis } from '../../contract.ts';

/**
 * numpy.linspace(start, stop, num) (endpoint included) in float64, with
 * numpy's exact arithmetic: i·step + start with step = (stop − start)/(num − 1),
 * the last point set to `stop`; when step underflows to 0 numpy computes
 * (i/(num − 1))·delta instead, and so does this.
 */
export function linspace(start: number, stop: number, num: number): number[] {
  if (!Number.isInteger(num) || num < 0) throw new Error(`linspace needs a whole number of points, got ${num}.`);
  const div = num - 1;
  const delta = stop - start;
  const out = new Array<number>(num);
  if (div > 0) {
    const step = delta / div;
    for (let i = 0; i < num; i++) out[i] = (step === 0 ? (i / div) * delta : i * step) + start;
    out[num - 1] = stop;
  } else {
    for (let i = 0; i < num; i++) out[i] = i * delta + start;
  }
  return out;
}

/** The coordinates of a recipe's axis: `np.linspace(min, max, num)`. */
export function axisCoordinates(axis: Axis): number[] {
  return linspace(axis.min, axis.max, axis.num);
}

export interface SurfaceGrid {
  /** x coordinates (α), length nx. */
  x: number[];
  /** y coordinates (β), length ny; empty for a 1D line. */
  y: number[];
  nx: number;
  /** 1 for a line. */
  ny: number;
  /** nx · ny */
  size: number;
  isLine: boolean;
}

/** The grid of a recipe's axes; `y` null (or absent) makes a 1D line. */
export function surfaceGrid(x: Axis, y?: Axis | null): SurfaceGrid {
  const xs = axisCoordinates(x);
  const ys = y ? axisCoordinates(y) : [];
  const ny = y ? ys.length : 1;
  return { x: xs, y: ys, nx: xs.length, ny, size: xs.length * ny, isLine: !y };
}

/** A grid from explicit coordinates (e.g. a snapshot's stored `xCoordinates`, `yCoordinates`). */
export function gridFromCoordinates(x: readonly number[], y: readonly number[]): SurfaceGrid {
  const ny = y.length === 0 ? 1 : y.length;
  return { x: [...x], y: [...y], nx: x.length, ny, size: x.length * ny, isLine: y.length === 0 };
}

/** Flat index of grid point (ix, iy): iy·nx + ix. */
export function pointIndex(grid: SurfaceGrid, ix: number, iy = 0): number {
  if (ix < 0 || ix >= grid.nx || iy < 0 || iy >= grid.ny || !Number.isInteger(ix) || !Number.isInteger(iy)) {
    throw new Error(`Grid point (${ix}, ${iy}) is outside the ${grid.nx} × ${grid.ny} grid.`);
  }
  return iy * grid.nx + ix;
}

export interface GridPoint {
  index: number;
  ix: number;
  iy: number;
  /** α */
  x: number;
  /** β (0 on a line) */
  y: number;
}

/** The grid point at flat index `index`. */
export function pointAt(grid: SurfaceGrid, index: number): GridPoint {
  if (!Number.isInteger(index) || index < 0 || index >= grid.size) throw new Error(`Point ${index} is outside a grid of ${grid.size} points.`);
  const ix = index % grid.nx;
  const iy = Math.floor(index / grid.nx);
  return { index, ix, iy, x: grid.x[ix], y: grid.isLine ? 0 : grid.y[iy] };
}

/** Index of the coordinate nearest `value` (the first one on a tie). */
export function nearestCoordinate(coordinates: readonly number[], value: number): number {
  let best = 0;
  for (let i = 1; i < coordinates.length; i++) {
    if (Math.abs(coordinates[i] - value) < Math.abs(coordinates[best] - value)) best = i;
  }
  return best;
}

/** The grid point nearest `centre` (default the origin (0, 0), where the unperturbed model sits). */
export function centrePoint(grid: SurfaceGrid, centre: { x: number; y: number } = { x: 0, y: 0 }): GridPoint {
  const ix = nearestCoordinate(grid.x, centre.x);
  const iy = grid.isLine ? 0 : nearestCoordinate(grid.y, centre.y);
  return pointAt(grid, pointIndex(grid, ix, iy));
}
