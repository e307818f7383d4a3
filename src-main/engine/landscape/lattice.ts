/**
 * A coarse lattice of grid points and cubic interpolation between them: the
 * fast mode computes the lattice exactly and interpolates the rest where the
 * lattice itself says interpolation is accurate enough.
 *
 * The lattice along an axis is every `stride`-th index counted from the
 * centre's cell, plus both ends of the axis (so the rim is interpolated, not
 * extrapolated). Interpolation is separable: cubic Lagrange through the four
 * nearest lattice nodes along x on each lattice row, then along y — exact for
 * cubics, error O(h⁴) for smooth surfaces. Near an end the four nodes are the
 * four nearest on one side.
 *
 * The error estimate is empirical: the same scheme built on every other
 * lattice node predicts the nodes it left out, whose exact values are known.
 * Halving the spacing divides a cubic scheme's error by ~16 where the surface
 * is smooth, but only by ~2 across a kink (a ridge between two activation
 * regimes): the estimate divides by 2, which is 8× conservative where the
 * surface is smooth and still flags a kink (the fast mode's exact check
 * points are the final word).
 */
import type { SurfaceGrid } from './grid.ts';

/** Lattice node indices along one axis of `size` points anchored at `anchor`, ends included. */
export function axisLattice(size: number, anchor: number, stride: number): number[] {
  const nodes = new Set<number>([0, size - 1]);
  for (let i = anchor % stride; i < size; i += stride) nodes.add(i);
  return [...nodes].sort((a, b) => a - b);
}

/** A stride leaving about ten lattice intervals across the axis (1: every point). */
export function latticeStride(size: number): number {
  return Math.max(1, Math.round((size - 1) / 10));
}

/** Weights of cubic (or lower, with fewer nodes) Lagrange interpolation at `t` through `nodes`. */
function lagrangeWeights(nodes: readonly number[], t: number): number[] {
  return nodes.map((xi, i) => nodes.reduce((w, xj, j) => (j === i ? w : (w * (t - xj)) / (xi - xj)), 1));
}

/** The (up to) four lattice nodes nearest to `t`, two on each side where possible. */
function stencil(nodes: readonly number[], t: number): number[] {
  if (nodes.length <= 4) return [...nodes];
  let right = nodes.findIndex((n) => n >= t);
  if (right < 0) right = nodes.length - 1;
  const start = Math.min(Math.max(0, right - 2), nodes.length - 4);
  return nodes.slice(start, start + 4);
}

/** Interpolates along one axis: `value(node)` at lattice nodes → the value at index `t`. */
function interpolate1d(nodes: readonly number[], t: number, value: (node: number) => number): number {
  if (nodes.includes(t)) return value(t);
  const used = stencil(nodes, t);
  const weights = lagrangeWeights(used, t);
  return used.reduce((sum, node, k) => sum + weights[k]! * value(node), 0);
}

export interface Lattice {
  x: number[];
  /** [0] for a line. */
  y: number[];
}

export function latticeOf(grid: SurfaceGrid, centre: { ix: number; iy: number }, stride: number): Lattice {
  return { x: axisLattice(grid.nx, centre.ix, stride), y: grid.ny > 1 ? axisLattice(grid.ny, centre.iy, stride) : [0] };
}

/** Flat indices (Z[y][x]) of the lattice's nodes. */
export function latticePoints(grid: SurfaceGrid, lattice: Lattice): number[] {
  return lattice.y.flatMap((iy) => lattice.x.map((ix) => iy * grid.nx + ix));
}

/** The interpolated value at every grid point from `values` known on the lattice's nodes. */
export function interpolateFromLattice(grid: SurfaceGrid, lattice: Lattice, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(grid.nx * grid.ny);
  // Along x on every lattice row, then along y for every column.
  const rows = new Map<number, Float64Array>();
  for (const iy of lattice.y) {
    const row = new Float64Array(grid.nx);
    for (let ix = 0; ix < grid.nx; ix++) row[ix] = interpolate1d(lattice.x, ix, (node) => values[iy * grid.nx + node]!);
    rows.set(iy, row);
  }
  for (let iy = 0; iy < grid.ny; iy++) {
    for (let ix = 0; ix < grid.nx; ix++) out[iy * grid.nx + ix] = grid.ny > 1 ? interpolate1d(lattice.y, iy, (node) => rows.get(node)![ix]!) : rows.get(0)![ix]!;
  }
  return out;
}

/** Every other node of an axis lattice, ends kept: the coarser lattice of the error estimate. */
function halve(nodes: readonly number[]): number[] {
  const kept = nodes.filter((_, k) => k % 2 === 0);
  if (kept.at(-1) !== nodes.at(-1)) kept.push(nodes.at(-1)!);
  return kept;
}

/**
 * The estimated absolute interpolation error of every lattice cell: the
 * coarser lattice's error at the left-out nodes around the cell, ÷ 2.
 * Returned per grid point (each point gets its cell's estimate).
 * Needs at least 5 nodes per axis; with fewer, returns null (no estimate:
 * compute everything).
 */
export function interpolationErrorEstimate(grid: SurfaceGrid, lattice: Lattice, values: ArrayLike<number>): Float64Array | null {
  if (lattice.x.length < 5 || (grid.ny > 1 && lattice.y.length < 5)) return null;
  const coarse: Lattice = { x: halve(lattice.x), y: grid.ny > 1 ? halve(lattice.y) : [0] };
  const predicted = interpolateFromLattice(grid, coarse, values);
  const nodeError = (ix: number, iy: number): number => Math.abs(predicted[iy * grid.nx + ix]! - values[iy * grid.nx + ix]!);
  /** The lattice interval [a, b] holding `i`, widened by one interval each side. */
  const around = (nodes: readonly number[], i: number): number[] => {
    let k = nodes.findIndex((n) => n >= i);
    if (k < 0) k = nodes.length - 1;
    return nodes.slice(Math.max(0, k - 2), Math.min(nodes.length, k + 2));
  };
  const out = new Float64Array(grid.nx * grid.ny);
  for (let iy = 0; iy < grid.ny; iy++) {
    const ys = grid.ny > 1 ? around(lattice.y, iy) : [0];
    for (let ix = 0; ix < grid.nx; ix++) {
      let worst = 0;
      for (const ny of ys) for (const nx of around(lattice.x, ix)) worst = Math.max(worst, nodeError(nx, ny));
      out[iy * grid.nx + ix] = Number.isFinite(worst) ? worst / 2 : Infinity;
    }
  }
  return out;
}
