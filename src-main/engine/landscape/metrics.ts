/**
 * Metrics of a computed surface (`SurfaceMetrics`, all but `hessian`, which
 * needs the model: see hessian.ts). Pure functions of the grid and its
 * values, Z stored as [y][x] (index iy·nx + ix); 1D lines have ny = 1.
 *
 * Non-finite points (Infinity or NaN loss) are counted, warned about, and
 * left out of every other metric; they are never clamped.
 */
import type { SurfaceMetrics } from '../../contract.ts';
import type { SurfaceGrid } from './grid.ts';
import { centrePoint, pointAt } from './grid.ts';
import { fitQuadratic } from './quadratic-fit.ts';

export interface MetricsOptions {
  /** Where the unperturbed model sits in plane coordinates; the grid point nearest it is "the centre". Default (0, 0). */
  centre?: { x: number; y: number };
  /**
   * Radius of the ε-sharpness ball, in plane coordinates. Default: two grid
   * steps (the larger axis's step), or 0.1 × the x axis's half-width when that
   * is larger, so the ball always holds points besides the centre.
   */
  epsilon?: number;
  /** A user loss threshold for the basin fraction; null or absent: not computed. */
  threshold?: number | null;
  /** The curvature fit uses the nearest ±`fitPoints` points along each axis. Default 2 (5 points). */
  fitPoints?: number;
}

/** The metrics' own view of the grid's values (float32 or float64, any array of numbers). */
type Values = ArrayLike<number>;

function format(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/** Two grid steps (the larger axis's), or a tenth of the x half-width when larger (issue 15: never a ball of the centre alone). */
export function defaultEpsilon(grid: Pick<SurfaceGrid, 'x' | 'y' | 'isLine'>): number {
  const step = (axis: readonly number[]): number => (axis.length > 1 ? Math.abs(axis[axis.length - 1] - axis[0]) / (axis.length - 1) : 0);
  const halfWidth = (Math.max(...grid.x) - Math.min(...grid.x)) / 2;
  return Math.max(0.1 * halfWidth, 2 * Math.max(step(grid.x), grid.isLine ? 0 : step(grid.y)));
}

/** Curvature along x (`axis` 0) or y (1) at the centre: 2c of a quadratic fit to the ±k nearest finite points. */
function axisCurvature(grid: SurfaceGrid, loss: Values, centre: { ix: number; iy: number }, axis: 0 | 1, k: number): number | null {
  const coordinates = axis === 0 ? grid.x : grid.y;
  const c = axis === 0 ? centre.ix : centre.iy;
  const t: number[] = [];
  const values: number[] = [];
  for (let i = Math.max(0, c - k); i <= Math.min(coordinates.length - 1, c + k); i++) {
    const value = loss[axis === 0 ? centre.iy * grid.nx + i : i * grid.nx + centre.ix];
    if (!Number.isFinite(value)) continue;
    t.push(coordinates[i] - coordinates[c]);
    values.push(value);
  }
  return fitQuadratic(t, values)?.secondDerivative ?? null;
}

/** Mean |discrete Laplacian| (5-point, or 3-point on a line, in grid units) ÷ mean loss, over interior points whose stencil is finite. */
export function laplacianRoughness(grid: SurfaceGrid, loss: Values): number {
  const { nx, ny } = grid;
  let absSum = 0;
  let lossSum = 0;
  let count = 0;
  const at = (ix: number, iy: number): number => loss[iy * nx + ix];
  for (let iy = grid.isLine ? 0 : 1; iy < (grid.isLine ? 1 : ny - 1); iy++) {
    for (let ix = 1; ix < nx - 1; ix++) {
      const stencil = grid.isLine
        ? [at(ix - 1, iy), at(ix + 1, iy)]
        : [at(ix - 1, iy), at(ix + 1, iy), at(ix, iy - 1), at(ix, iy + 1)];
      const here = at(ix, iy);
      if (!Number.isFinite(here) || !stencil.every(Number.isFinite)) continue;
      absSum += Math.abs(stencil.reduce((s, v) => s + v, 0) - stencil.length * here);
      lossSum += here;
      count += 1;
    }
  }
  return count === 0 ? NaN : absSum / count / (lossSum / count);
}

/** Points strictly below every finite neighbour (8-neighbourhood; 2 neighbours on a line), edges included. */
export function countLocalMinima(grid: SurfaceGrid, loss: Values): number {
  const { nx, ny } = grid;
  let minima = 0;
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const here = loss[iy * nx + ix];
      if (!Number.isFinite(here)) continue;
      let neighbours = 0;
      let lowest = true;
      for (let dy = -1; dy <= 1 && lowest; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const jx = ix + dx;
          const jy = iy + dy;
          if ((dx === 0 && dy === 0) || jx < 0 || jy < 0 || jx >= nx || jy >= ny) continue;
          const other = loss[jy * nx + jx];
          if (!Number.isFinite(other)) continue;
          neighbours += 1;
          if (other <= here) {
            lowest = false;
            break;
          }
        }
      }
      if (lowest && neighbours > 0) minima += 1;
    }
  }
  return minima;
}

export function surfaceMetrics(grid: SurfaceGrid, loss: Values, accuracy: Values, options: MetricsOptions = {}): SurfaceMetrics {
  if (loss.length !== grid.size || accuracy.length !== grid.size) {
    throw new Error(`Surface metrics: the grid has ${grid.size} points, the loss ${loss.length} and the accuracy ${accuracy.length}.`);
  }
  const warnings: string[] = [];
  const centre = centrePoint(grid, options.centre);
  const l0 = loss[centre.index];

  let finite = 0;
  let minIndex = -1;
  for (let p = 0; p < grid.size; p++) {
    if (!Number.isFinite(loss[p])) continue;
    finite += 1;
    if (minIndex < 0 || loss[p] < loss[minIndex]) minIndex = p;
  }
  const nonFinitePoints = grid.size - finite;
  if (nonFinitePoints > 0) {
    warnings.push(`${nonFinitePoints} of ${grid.size} points have a non-finite loss (Infinity or NaN); they are left out of every other metric.`);
  }
  if (!Number.isFinite(l0)) warnings.push('The loss at the centre is not finite: the metrics relative to the centre are undefined.');

  // A tie with the centre counts as the centre being the minimum.
  if (minIndex >= 0 && Number.isFinite(l0) && l0 <= loss[minIndex]) minIndex = centre.index;
  const minimum = minIndex >= 0 ? pointAt(grid, minIndex) : null;
  const centreIsMinimum = minimum !== null && minimum.index === centre.index;
  // With no finite point at all, the schema's plain numbers get the centre and 0; the warning says why.
  const offset = minimum === null ? 0 : Math.hypot(minimum.x - centre.x, minimum.y - centre.y);
  if (minimum === null) warnings.push('No point of the surface has a finite loss.');
  if (minimum !== null && !centreIsMinimum) {
    const at = grid.isLine ? `x = ${format(minimum.x)}` : `(${format(minimum.x)}, ${format(minimum.y)})`;
    warnings.push(
      `The grid minimum is at ${at}, not the centre: the model may not be at a minimum along these directions, or the grid is too coarse.`,
    );
  }

  const k = options.fitPoints ?? 2;
  const curvature = {
    x: axisCurvature(grid, loss, centre, 0, k),
    y: grid.isLine ? null : axisCurvature(grid, loss, centre, 1, k),
  };

  const epsilon = options.epsilon ?? defaultEpsilon(grid);
  let ballMax = l0;
  let ballPoints = 0;
  for (let p = 0; p < grid.size; p++) {
    const point = pointAt(grid, p);
    if (!Number.isFinite(loss[p]) || Math.hypot(point.x - centre.x, point.y - centre.y) > epsilon * (1 + 1e-12)) continue;
    ballPoints += 1;
    if (loss[p] > ballMax) ballMax = loss[p];
  }
  if (ballPoints <= 1 && Number.isFinite(l0)) {
    warnings.push(`The ε-ball (ε = ${format(epsilon)}) holds no grid point besides the centre, so its sharpness is 0 by construction: use a finer grid or a larger ε.`);
  }
  const sharpness = ((ballMax - l0) / (1 + l0)) * 100;

  let belowTwice = 0;
  let belowThreshold = 0;
  const threshold = options.threshold ?? null;
  for (let p = 0; p < grid.size; p++) {
    if (!Number.isFinite(loss[p])) continue;
    if (loss[p] < 2 * l0) belowTwice += 1;
    if (threshold !== null && loss[p] < threshold) belowThreshold += 1;
  }
  const fraction = (count: number): number => (finite === 0 ? 0 : count / finite);

  return {
    centre: { loss: l0, accuracy: accuracy[centre.index] },
    minimum: {
      loss: minimum === null ? NaN : loss[minimum.index],
      x: minimum?.x ?? centre.x,
      y: minimum?.y ?? centre.y,
      offset,
      centreIsMinimum,
    },
    curvature,
    sharpness: { epsilon, value: sharpness },
    basin: {
      belowTwiceCentre: fraction(belowTwice),
      threshold,
      belowThreshold: threshold === null ? null : fraction(belowThreshold),
    },
    roughness: { laplacian: laplacianRoughness(grid, loss), localMinima: countLocalMinima(grid, loss) },
    hessian: null,
    nonFinitePoints,
    warnings,
  };
}
