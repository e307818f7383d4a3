/**
 * The fast mode: a surface within a stated relative error of the exact one,
 * from far fewer full-data forward passes.
 * (1) A coarse lattice (a power-of-two stride leaving at least eight
 *     intervals per axis, anchored at the centre, rim included) is computed
 *     exactly;
 * (2) level by level, every pending point is interpolated (separable cubic
 *     Lagrange through exact nodes only) where the lattice's own error
 *     estimate fits the tolerance (landscape/lattice.ts: the half lattice's
 *     miss at the nodes it left out, × the convergence factor measured on
 *     the surface, × 2); around the others the nodes of the lattice of half
 *     the stride are computed, and the level repeats down to stride 1;
 * (3) a seeded sample of the interpolated points (at least 16, 2 % of them)
 *     is recomputed exactly and the largest relative error is stored with
 *     the surface — measured, not assumed. Where a check point misses the
 *     tolerance, its lattice cell is computed exactly and a fresh sample is
 *     checked (at most three rounds); the record keeps the last measurement.
 * Every point's record says how it was obtained (exact or interpolated), and
 * the evaluator keeps every core busy (ONNX Runtime's threads, or the pool).
 *
 * Measured on the quick preset (ReLU, MNIST, 1,000 images) at 51×51: see
 * the README's bench table. On the `seed` preset at 7×7 the lattice is the
 * whole grid: every point is exact, and the record says nothing was estimated.
 */
import type { PointResult, SurfaceData } from '../../contract.ts';
import { mulberry32, shuffleInPlace } from '../data/seeded-random.ts';
import { nearestCoordinate, pointIndex } from '../landscape/grid.ts';
import { interpolateFromLattice, latticeOf, latticePoints, latticeStride, planLevel, type Lattice } from '../landscape/lattice.ts';
import { distributePoints, type Distribution } from './point-distribution.ts';

export interface FastSurfaceOptions {
  tolerance: number;
  /** Points this job computes (a shard's share, not yet done), in coarse-to-fine order. */
  candidates: readonly number[];
  record: (points: PointResult[]) => void;
  /** A new step; `points`: how many points it computes exactly (its own count for the bar and the ETA), none for a step that computes nothing. */
  phase: (name: string, points?: number) => void;
}

/** The fast mode's current step as its progress shows it: its name and its own count of exactly computed points. */
export interface FastStep {
  name: string;
  done: number;
  total: number;
}

/** Exact check points: at least 16, and 2 % of the interpolated ones. */
const ERROR_SAMPLE = 16;
const ERROR_FRACTION = 0.02;
const CHECK_ROUNDS = 3;

/** Every grid point of the lattice cells (node intervals, both axes) that hold `index`. */
function cellOf(index: number, nx: number, lattice: Lattice): number[] {
  const span = (nodes: readonly number[], i: number): [number, number] => {
    let k = nodes.findIndex((n) => n >= i);
    if (k <= 0) k = 1;
    return [nodes[k - 1]!, nodes[Math.min(k, nodes.length - 1)]!];
  };
  const [x0, x1] = span(lattice.x, index % nx);
  const [y0, y1] = lattice.y.length > 1 ? span(lattice.y, Math.floor(index / nx)) : [0, 0];
  const out: number[] = [];
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) out.push(y * nx + x);
  return out;
}

export async function computeFastSurface(distribution: Distribution, surface: SurfaceData, options: FastSurfaceOptions): Promise<void> {
  const { evaluator } = distribution;
  const grid = evaluator.grid;
  const { tolerance, record } = options;
  const exact = { kind: 'exact' } as const;
  const centre = {
    ix: nearestCoordinate(grid.x, evaluator.plane.centre.x),
    iy: grid.ny > 1 ? nearestCoordinate(grid.y, evaluator.plane.centre.y) : 0,
  };
  const centreIndex = pointIndex(grid, centre.ix, centre.iy);
  let stride = latticeStride(grid.ny > 1 ? Math.min(grid.nx, grid.ny) : grid.nx);
  const lattice = latticeOf(grid, centre, stride);
  const candidates = new Set(options.candidates);
  const nodes = latticePoints(grid, lattice);
  const notDone = (points: readonly number[]): number[] => points.filter((i) => !surface.done[i]);
  const computeExactly = (points: readonly number[]): Promise<unknown> => distributePoints(distribution, notDone(points), exact, record);

  const latticeNodes = notDone(nodes.filter((i) => candidates.has(i)));
  options.phase(`lattice of stride ${stride} (${lattice.x.length}${grid.ny > 1 ? `×${lattice.y.length}` : ''} points, computed exactly)`, latticeNodes.length);
  await computeExactly(latticeNodes);
  const remaining = (): number[] => options.candidates.filter((i) => !surface.done[i]);
  if (nodes.some((i) => !surface.done[i])) {
    // A shard without the whole lattice cannot interpolate: its share is computed exactly.
    options.phase('computing the rest exactly (this shard does not hold the whole lattice)', remaining().length);
    await computeExactly(remaining());
    return;
  }

  // Level by level: interpolate what the current lattice can within the tolerance, compute the
  // finer lattice's nodes around the rest, halve the stride. Only exact values are ever used.
  const loss = surface.values.trainLoss;
  const accuracy = surface.values.trainAccuracy;
  const interpolated = new Map<number, { loss: number; accuracy: number }>();
  const exactOnly = (values: Float32Array): Float64Array => Float64Array.from(values, (v, i) => (surface.done[i] === 1 ? v : NaN));
  for (;;) {
    const pending = remaining().filter((i) => !interpolated.has(i));
    if (pending.length === 0) break;
    if (stride === 1) {
      options.phase(`computing the last ${pending.length} points exactly`, pending.length);
      await computeExactly(pending);
      break;
    }
    const current = latticeOf(grid, centre, stride);
    const finer = latticeOf(grid, centre, stride / 2);
    const plan = planLevel(grid, current, finer, exactOnly(loss), pending, tolerance);
    const accuracies = interpolateFromLattice(grid, current, exactOnly(accuracy));
    for (const [index, value] of plan.interpolated) interpolated.set(index, { loss: value, accuracy: Math.min(1, Math.max(0, accuracies[index]!)) });
    if (plan.refine.length === 0) continue;
    options.phase(`stride ${stride / 2}: computing ${plan.refine.length} points where stride ${stride} bends too much to interpolate`, notDone(plan.refine).length);
    await computeExactly(plan.refine);
    stride /= 2;
  }
  options.phase(`interpolating ${interpolated.size} points`);
  record([...interpolated].filter(([index]) => !surface.done[index]).map(([index, v]) => ({ index, kind: 'interpolated', trainLoss: v.loss, trainAccuracy: v.accuracy })));

  if (surface.completedPoints < surface.done.length) return;
  const random = mulberry32(surface.recipe.seed + 7);
  let checked = new Set<number>();
  for (let round = 1; round <= CHECK_ROUNDS; round++) {
    const estimated = [...surface.done.keys()].filter((i) => i !== centreIndex && surface.done[i] === 3 && !checked.has(i));
    if (estimated.length === 0) break;
    const sample = shuffleInPlace(estimated, random).slice(0, Math.max(ERROR_SAMPLE, Math.ceil(ERROR_FRACTION * estimated.length)));
    options.phase(`measuring the error on ${sample.length} exactly recomputed points${round > 1 ? ` (round ${round})` : ''}`, sample.length);
    // The check points' exact values replace their estimates as they arrive (they are never used to fit others).
    const estimates = new Map(sample.map((i) => [i, loss[i]!]));
    const results: PointResult[] = [];
    await distributePoints(distribution, sample, exact, (points) => {
      results.push(...points);
      record(points);
    });
    let maxRelative = 0;
    const missed: number[] = [];
    for (const point of results) {
      const relative = Math.abs(estimates.get(point.index)! - point.trainLoss) / Math.abs(point.trainLoss);
      maxRelative = Math.max(maxRelative, Number.isNaN(relative) ? Infinity : relative);
      if (!(relative <= tolerance)) missed.push(point.index);
    }
    surface.measuredError = { maxRelative, checkedPoints: results.length, estimatedPoints: estimated.length };
    checked = new Set([...checked, ...sample]);
    if (missed.length === 0) break;
    const cells = [...new Set(missed.flatMap((i) => cellOf(i, grid.nx, latticeOf(grid, centre, Math.max(1, stride)))))].filter((i) => surface.done[i] === 3);
    options.phase(`${missed.length} check points missed ${tolerance * 100} %: computing their ${cells.length} cell points exactly`, cells.length);
    await distributePoints(distribution, cells, exact, record);
  }
  if (!surface.measuredError) surface.measuredError = { maxRelative: 0, checkedPoints: 0, estimatedPoints: 0 };
}
