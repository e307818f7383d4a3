/**
 * Coarse-to-fine refinement for the fast mode. Points are organised in nested
 * lattices anchored at the centre: stride S (the coarsest), S/2, …, 1. The
 * coarsest lattice is computed; each finer level's new points lie halfway
 * between points of the level above and are interpolated along one axis
 * (first the points new in x, then those new in y, which can lean on the
 * former) where the surface is smooth enough, and computed where it is not.
 *
 * Interpolation is cubic through the neighbours at ±s and ±3s (s = step):
 * f(0) ≈ (−f₋₃ + 9f₋₁ + 9f₁ − f₃)/16, whose error is (3/8)·f⁗·s⁴ = (3/128)·Δ⁴
 * with Δ⁴ the fourth difference over five neighbours 2s apart. Where the
 * stencil does not fit (near the edges) it is linear, with error Δ²/8.
 */
import type { SurfaceGrid } from './grid.ts';

export interface Prediction {
  loss: number;
  accuracy: number;
  /** Estimated interpolation error of the loss, absolute. */
  errorBound: number;
}

type Cell = { ix: number; iy: number };

const onAxisLattice = (i: number, anchor: number, stride: number): boolean => Math.abs(i - anchor) % stride === 0;

/** Whether the point lies on the lattice of `stride` anchored at `centre`. */
export function isOnLattice(grid: SurfaceGrid, index: number, centre: Cell, stride: number): boolean {
  const ix = index % grid.nx;
  const iy = Math.floor(index / grid.nx);
  return onAxisLattice(ix, centre.ix, stride) && (grid.ny === 1 || onAxisLattice(iy, centre.iy, stride));
}

/** Whether a point of the stride-`step` lattice is new in x at this level (its x is not on the 2·step lattice). */
export function isNewAlongX(grid: SurfaceGrid, index: number, centre: Cell, step: number): boolean {
  return !onAxisLattice(index % grid.nx, centre.ix, 2 * step);
}

/** The coarsest stride worth computing: a power of two leaving at least ~5 lattice points across the grid. */
export function coarsestStride(grid: SurfaceGrid): number {
  const span = grid.ny > 1 ? Math.min(grid.nx, grid.ny) - 1 : grid.nx - 1;
  let stride = 1;
  while (stride * 2 <= span / 4) stride *= 2;
  return stride;
}

/**
 * Interpolates the point halfway between its neighbours at ±`step` along
 * `axis` (0 = x, 1 = y), or returns null when the neighbours it needs are
 * missing, unknown or non-finite: then it must be computed.
 */
export function predictAlongAxis(
  grid: SurfaceGrid,
  index: number,
  axis: 0 | 1,
  step: number,
  loss: ArrayLike<number>,
  accuracy: ArrayLike<number>,
  known: (i: number) => boolean,
): Prediction | null {
  const { nx, ny } = grid;
  const ix = index % nx;
  const iy = Math.floor(index / nx);
  /** Flat index of the neighbour k·step away along the axis, or −1 when unusable. */
  const at = (k: number): number => {
    const x = axis === 0 ? ix + k * step : ix;
    const y = axis === 1 ? iy + k * step : iy;
    if (x < 0 || x >= nx || y < 0 || y >= ny) return -1;
    const i = y * nx + x;
    return known(i) && Number.isFinite(loss[i]) ? i : -1;
  };
  const n = (k: number): number => at(k);
  if (n(-1) < 0 || n(1) < 0) return null;
  const f = (values: ArrayLike<number>, k: number): number => values[n(k)];
  const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
  if (n(-3) >= 0 && n(3) >= 0) {
    const cubic = (values: ArrayLike<number>): number => (-f(values, -3) + 9 * f(values, -1) + 9 * f(values, 1) - f(values, 3)) / 16;
    const fourth: number[] = [];
    if (n(-5) >= 0) fourth.push(f(loss, -5) - 4 * f(loss, -3) + 6 * f(loss, -1) - 4 * f(loss, 1) + f(loss, 3));
    if (n(5) >= 0) fourth.push(f(loss, -3) - 4 * f(loss, -1) + 6 * f(loss, 1) - 4 * f(loss, 3) + f(loss, 5));
    if (fourth.length) {
      return { loss: cubic(loss), accuracy: clamp01(cubic(accuracy)), errorBound: (3 / 128) * Math.max(...fourth.map(Math.abs)) };
    }
  }
  const linear = (values: ArrayLike<number>): number => (f(values, -1) + f(values, 1)) / 2;
  const bends: number[] = [];
  if (n(-3) >= 0) bends.push(f(loss, -3) - 2 * f(loss, -1) + f(loss, 1));
  if (n(3) >= 0) bends.push(f(loss, -1) - 2 * f(loss, 1) + f(loss, 3));
  if (!bends.length) return null;
  return { loss: linear(loss), accuracy: clamp01(linear(accuracy)), errorBound: Math.max(...bends.map(Math.abs)) / 8 };
}
