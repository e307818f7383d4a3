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
 * lattice node predicts the nodes it left out, whose exact values are known
 * (the half lattice's miss). Halving the spacing divides a cubic scheme's
 * error by ~16 where the surface is smooth, but only by ~2 across a kink (a
 * ridge between two activation regimes), so the factor is measured on the
 * surface itself — the half lattice's miss ÷ the quarter lattice's — and
 * doubled for safety. The fast mode's exact check points are the final word.
 */
import type { SurfaceGrid } from './grid.ts';

/** Lattice node indices along one axis of `size` points anchored at `anchor`, ends included. */
export function axisLattice(size: number, anchor: number, stride: number): number[] {
  const nodes = new Set<number>([0, size - 1]);
  for (let i = anchor % stride; i < size; i += stride) nodes.add(i);
  return [...nodes].sort((a, b) => a - b);
}

/** The coarsest power-of-two stride leaving at least eight lattice intervals across the axis (1: every point). */
export function latticeStride(size: number): number {
  let stride = 1;
  while ((size - 1) / (stride * 2) >= 8) stride *= 2;
  return stride;
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

/** Every other node of an axis lattice, ends kept. */
function halveAxis(nodes: readonly number[]): number[] {
  const kept = nodes.filter((_, k) => k % 2 === 0);
  if (kept.at(-1) !== nodes.at(-1)) kept.push(nodes.at(-1)!);
  return kept;
}

/** The lattice of twice the spacing (every other node, ends kept). */
export function halveLattice(grid: SurfaceGrid, lattice: Lattice): Lattice {
  return { x: halveAxis(lattice.x), y: grid.ny > 1 ? halveAxis(lattice.y) : [0] };
}

function hasFiveNodes(grid: SurfaceGrid, lattice: Lattice): boolean {
  return lattice.x.length >= 5 && (grid.ny === 1 || lattice.y.length >= 5);
}

/**
 * How far the twice-as-coarse lattice misses, around every grid point: the
 * largest error of the half lattice at the left-out nodes in the point's cell
 * and the cells either side (Infinity where a node is unknown, NaN-valued or
 * non-finite). Null with fewer than 5 nodes per axis.
 */
export function coarseMiss(grid: SurfaceGrid, lattice: Lattice, values: ArrayLike<number>): Float64Array | null {
  if (!hasFiveNodes(grid, lattice)) return null;
  const predicted = interpolateFromLattice(grid, halveLattice(grid, lattice), values);
  const nodeError = (ix: number, iy: number): number => {
    const e = Math.abs(predicted[iy * grid.nx + ix]! - values[iy * grid.nx + ix]!);
    return Number.isFinite(e) ? e : Infinity;
  };
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
      out[iy * grid.nx + ix] = worst;
    }
  }
  return out;
}

/** Largest finite value, 0 when none. */
function largestFinite(values: Float64Array): number {
  let worst = 0;
  for (const v of values) if (Number.isFinite(v)) worst = Math.max(worst, v);
  return worst;
}

/**
 * The factor by which halving the spacing shrinks the interpolation error,
 * measured on this surface: the half lattice's largest miss ÷ the quarter
 * lattice's, clamped to [1/16, 1] (1/16 is a cubic scheme on a smooth
 * surface, ~1/2 a kink). 1/2 where the quarter lattice has too few nodes.
 */
export function convergenceFactor(grid: SurfaceGrid, lattice: Lattice, values: ArrayLike<number>): number {
  const half = coarseMiss(grid, lattice, values);
  const quarter = hasFiveNodes(grid, halveLattice(grid, lattice)) ? coarseMiss(grid, halveLattice(grid, lattice), values) : null;
  if (!half || !quarter) return 0.5;
  const ratio = largestFinite(half) / largestFinite(quarter);
  return Number.isFinite(ratio) ? Math.min(1, Math.max(1 / 16, ratio)) : 0.5;
}

/**
 * The estimated absolute interpolation error at every grid point: the half
 * lattice's miss around it × the measured convergence factor × 2 (safety).
 * Null with fewer than 5 nodes per axis (no estimate: compute everything).
 */
export function interpolationErrorEstimate(grid: SurfaceGrid, lattice: Lattice, values: ArrayLike<number>): Float64Array | null {
  const miss = coarseMiss(grid, lattice, values);
  if (!miss) return null;
  const factor = 2 * convergenceFactor(grid, lattice, values);
  return miss.map((m) => m * factor);
}

/**
 * One level of the fast mode's refinement: which pending points the lattice
 * (nodes known exactly; every other value NaN) interpolates within
 * `tolerance` (relative), with their values, and which nodes of the lattice
 * of half the stride must be computed before the rest can be tried again
 * (the four-node stencils around the points that did not fit).
 */
export function planLevel(
  grid: SurfaceGrid,
  lattice: Lattice,
  finer: Lattice,
  exact: ArrayLike<number>,
  pending: readonly number[],
  tolerance: number,
): { interpolated: Map<number, number>; refine: number[] } {
  const estimate = interpolationErrorEstimate(grid, lattice, exact);
  const values = interpolateFromLattice(grid, lattice, exact);
  const interpolated = new Map<number, number>();
  const refine = new Set<number>();
  const near = (nodes: readonly number[], i: number): number[] => {
    const k = Math.max(0, nodes.findIndex((n) => n >= i));
    return nodes.slice(Math.max(0, k - 2), Math.min(nodes.length, k + 2));
  };
  for (const index of pending) {
    const value = values[index]!;
    const error = estimate ? estimate[index]! : Infinity;
    if (Number.isFinite(value) && error <= tolerance * Math.abs(value)) {
      interpolated.set(index, value);
      continue;
    }
    const ix = index % grid.nx;
    const iy = Math.floor(index / grid.nx);
    for (const y of grid.ny > 1 ? near(finer.y, iy) : [0]) for (const x of near(finer.x, ix)) refine.add(y * grid.nx + x);
  }
  return { interpolated, refine: [...refine].sort((a, b) => a - b) };
}
