/**
 * The fast mode: a surface within a stated relative error of the exact one,
 * much sooner. (1) One full pass at the centre gives every example's loss, the
 * control variate; (2) a coarse lattice is estimated from as few examples as
 * the tolerance allows; (3) level by level down to the full grid, new points
 * are interpolated where the surface is nearly linear and estimated where it
 * bends (landscape/refinement.ts); (4) a seeded sample of points is recomputed exactly and the
 * largest relative error is stored with the surface — measured, not assumed.
 *
 * Where it pays: the examples a point needs grow as (sd of ℓᵢ(p) − ℓᵢ(θ₀) ÷
 * (tolerance · L))². Measured on the `quick` preset (1 epoch, MNIST), 11×11
 * over [−1, 1]², at 1 %: even next to the centre the differences' sd was
 * ~0.5 at L ≈ 0.56, so points needed 17–19 k of 20 k examples and the fast
 * surface took as long as the exact one (0.9×). It wins with looser
 * tolerances, finer grids (smaller steps, smaller differences) and larger
 * evaluation sets.
 */
import type { PointResult, SurfaceData } from '../../contract.ts';
import { mulberry32, shuffleInPlace } from '../data/seeded-random.ts';
import { nearestCoordinate, pointAt, pointIndex } from '../landscape/grid.ts';
import { coarsestStride, isNewAlongX, isOnLattice, predictAlongAxis } from '../landscape/refinement.ts';
import { distributePoints, type Distribution } from './point-distribution.ts';

export interface FastSurfaceOptions {
  tolerance: number;
  /** Points this job computes (a shard's share, not yet done), in coarse-to-fine order. */
  candidates: readonly number[];
  record: (points: PointResult[]) => void;
  phase: (name: string) => void;
}

/** Exact points recomputed to measure the fast surface's error: at least 16, and 2 % of the estimated ones. */
const ERROR_SAMPLE = 16;
const ERROR_FRACTION = 0.02;
/**
 * The interpolation error comes from finite differences of neighbours that
 * are themselves estimates, one stencil over: it is an estimate, not a
 * bound. Measured on MNIST surfaces it fell short by up to 2.5×, so a point
 * is interpolated only when 3× its estimate fits the tolerance.
 */
const INTERPOLATION_SAFETY = 3;

export async function computeFastSurface(distribution: Distribution, surface: SurfaceData, options: FastSurfaceOptions): Promise<void> {
  const { evaluator } = distribution;
  const grid = evaluator.grid;
  const { tolerance, record } = options;
  const centreCell = {
    ix: nearestCoordinate(grid.x, evaluator.plane.centre.x),
    iy: grid.ny > 1 ? nearestCoordinate(grid.y, evaluator.plane.centre.y) : 0,
  };
  const centreIndex = pointIndex(grid, centreCell.ix, centreCell.iy);

  options.phase('centre pass');
  const centre = await evaluator.centrePass();
  const centreOnGrid = pointAt(grid, centreIndex);
  const centreIsGridPoint = centreOnGrid.x === evaluator.plane.centre.x && (grid.ny === 1 || centreOnGrid.y === evaluator.plane.centre.y);
  if (centreIsGridPoint && options.candidates.includes(centreIndex) && !surface.done[centreIndex]) {
    record([{ index: centreIndex, kind: 'exact', examples: centre.losses.length, trainLoss: centre.meanLoss, trainAccuracy: centre.meanAccuracy }]);
  }
  const estimator = { kind: 'adaptive', tolerance, centre } as const;

  const coarse = coarsestStride(grid);
  options.phase(`lattice of stride ${coarse}`);
  const pendingOn = (stride: number): number[] => options.candidates.filter((i) => !surface.done[i] && isOnLattice(grid, i, centreCell, stride));
  await distributePoints(distribution, pendingOn(coarse), estimator, record);
  for (let step = coarse / 2; step >= 1; step /= 2) {
    options.phase(`refining to stride ${step}`);
    const level = pendingOn(step);
    // New in x first (between known points of a row), then new in y (between points of a column, which the first pass filled).
    const passes: Array<[0 | 1, number[]]> = [
      [0, level.filter((i) => isNewAlongX(grid, i, centreCell, step))],
      [1, level.filter((i) => !isNewAlongX(grid, i, centreCell, step))],
    ];
    for (const [axis, points] of passes) {
      if (axis === 1 && grid.ny === 1) break;
      const toCompute: number[] = [];
      const interpolated: PointResult[] = [];
      for (const index of points) {
        const prediction = predictAlongAxis(grid, index, axis, step, surface.values.trainLoss, surface.values.trainAccuracy, (i) => surface.done[i] !== 0);
        // The interpolation may use the half of the tolerance the sampling leaves.
        if (prediction && INTERPOLATION_SAFETY * prediction.errorBound <= (tolerance / 2) * Math.abs(prediction.loss)) {
          interpolated.push({ index, kind: 'interpolated', trainLoss: prediction.loss, trainAccuracy: prediction.accuracy });
        } else {
          toCompute.push(index);
        }
      }
      record(interpolated);
      await distributePoints(distribution, toCompute, estimator, record);
    }
  }
  // Points on no lattice (beyond the outermost lattice lines) are computed.
  await distributePoints(distribution, options.candidates.filter((i) => !surface.done[i]), estimator, record);

  if (surface.completedPoints < surface.done.length) return;
  options.phase('measuring the error');
  // Check points: estimated ones (sampled or interpolated), recomputed on every example. Their
  // exact values are only compared, never fed back. With fewer than ERROR_SAMPLE estimated
  // points every one is checked (the error is then the surface's true error); with none there
  // is nothing to check, and the record says so (estimatedPoints 0) instead of claiming 0 %.
  const estimated = [...surface.done.keys()].filter((i) => i !== centreIndex && surface.done[i] !== 1);
  const sampleSize = Math.max(ERROR_SAMPLE, Math.ceil(ERROR_FRACTION * estimated.length));
  const sample = shuffleInPlace([...estimated], mulberry32(surface.recipe.seed + 7)).slice(0, sampleSize);
  const exact: PointResult[] = [];
  await distributePoints(distribution, sample, { kind: 'exact' }, (points) => exact.push(...points));
  let maxRelative = 0;
  for (const point of exact) {
    const stored = surface.values.trainLoss[point.index];
    maxRelative = Math.max(maxRelative, Math.abs(stored - point.trainLoss) / Math.abs(point.trainLoss));
  }
  surface.measuredError = { maxRelative, checkedPoints: exact.length, estimatedPoints: estimated.length };
}
