/**
 * The PCA plane of a training trajectory, as the reference computes it
 * (`projection.py: setup_PCA_directions`, `project_trajectory`):
 *
 * - rows: each checkpoint minus the final weights (checkpoint − final);
 *   the final model itself is not a row unless `includeFinal` (the
 *   reference's loop includes it, as a zero row, when the last saved epoch
 *   is the final model);
 * - `sklearn.decomposition.PCA(n_components=2).fit(rows)`: the rows are
 *   CENTRED (their mean subtracted) and the two leading right singular
 *   vectors are the directions; explained variance ratio = λ_k / Σλ. Signs
 *   follow sklearn's `svd_flip` as the reference ran it (u-based: the
 *   largest-magnitude entry of each left singular vector is positive);
 *   sklearn's randomized solver (what `auto` picks for this shape) agrees
 *   with this exact solution to its own tolerance;
 * - projection: x = d·dx/‖dx‖, y = d·dy/‖dy‖ with d = checkpoint − final
 *   (the reference's `proj_method cos`; the directions are orthonormal, so
 *   it equals the least-squares one). Filter normalisation is NOT applied to
 *   PCA directions, as in the reference.
 *
 * The decomposition goes through the small n×n Gram matrix of the centred
 * rows (float64, Jacobi), never a p×p one: cost O(n²·p) time, O(n·block)
 * extra memory, for n checkpoints of p weights.
 */
import type { TrajectoryPoint } from '../../contract.ts';
import type { WeightLayout } from '../training/weights.ts';
import { symmetricEigen } from './symmetric-eigen.ts';
import { assertLayoutSize, weightRange, weightRoles } from './weight-roles.ts';

export interface PcaOptions {
  layout: WeightLayout;
  /** `biasbn`: rank ≤ 1 parameters are left out (zeroed in every row), as the reference's `--ignore biasbn`. */
  ignore: 'biasbn' | 'none';
  /** `fixed` (default): activation parameters are left out; `move`: they take part like the kernels. */
  activationParams?: 'fixed' | 'move';
  /** Add the final model as a zero row, as the reference does when its last checkpoint is the final model. Default false. */
  includeFinal?: boolean;
  /** Epoch of each checkpoint, for the trajectory; default 1, 2, …. */
  epochs?: readonly number[];
}

export interface PcaPlane {
  /** Unit principal directions (flat, layout order; zero on the weights left out). */
  directions: [Float32Array, Float32Array];
  /** sklearn's `explained_variance_ratio_` of the two components. */
  explainedVarianceRatio: [number, number];
  /** Singular values of the centred rows (sklearn's `singular_values_`). */
  singularValues: [number, number];
  /** Each checkpoint projected onto the plane through the final weights, and its distance from the plane. */
  trajectory: TrajectoryPoint[];
}

/** Elements per block: a block of every row stays in cache while the Gram matrix is accumulated. */
const BLOCK = 4096;

/** The `[start, end)` ranges of the weights PCA looks at (BN statistics never: they are not parameters). */
export function pcaRanges(layout: WeightLayout, ignore: 'biasbn' | 'none', activationParams: 'fixed' | 'move' = 'fixed'): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  weightRoles(layout).forEach((role, i) => {
    const included = role === 'kernel' || (role === 'vector' && ignore === 'none') || (role === 'activation' && activationParams === 'move');
    if (included) ranges.push(weightRange(layout, i));
  });
  return ranges;
}

/** Calls `visit(start, length)` for consecutive blocks of at most BLOCK elements of the ranges. */
function forEachBlock(ranges: Array<[number, number]>, visit: (start: number, length: number) => void): void {
  for (const [start, end] of ranges) {
    for (let s = start; s < end; s += BLOCK) visit(s, Math.min(BLOCK, end - s));
  }
}

/** Fills rows[i][0..length) with the centred block of row i (checkpoint − final − mean). */
function centredBlock(rows: Float64Array[], checkpoints: readonly Float32Array[], final: Float32Array, start: number, length: number): void {
  const n = rows.length;
  for (let k = 0; k < length; k++) {
    const f = final[start + k];
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const value = i < checkpoints.length ? checkpoints[i][start + k] - f : 0;
      rows[i][k] = value;
      mean += value;
    }
    mean /= n;
    for (let i = 0; i < n; i++) rows[i][k] -= mean;
  }
}

export function pcaPlane(checkpoints: readonly Float32Array[], final: Float32Array, options: PcaOptions): PcaPlane {
  const { layout } = options;
  assertLayoutSize(final, layout, 'The final weight vector');
  checkpoints.forEach((c, i) => assertLayoutSize(c, layout, `Checkpoint ${i + 1}`));
  if (options.epochs && options.epochs.length !== checkpoints.length) {
    throw new Error(`Got ${options.epochs.length} epochs for ${checkpoints.length} checkpoints.`);
  }
  const n = checkpoints.length + (options.includeFinal ? 1 : 0);
  if (n < 3) throw new Error(`A PCA plane needs at least 3 trajectory points (checkpoints, and the final model if included); got ${n}.`);
  const ranges = pcaRanges(layout, options.ignore, options.activationParams);

  const rows = Array.from({ length: n }, () => new Float64Array(BLOCK));
  const gram = new Float64Array(n * n);
  forEachBlock(ranges, (start, length) => {
    centredBlock(rows, checkpoints, final, start, length);
    for (let i = 0; i < n; i++) {
      const ri = rows[i];
      for (let j = i; j < n; j++) {
        const rj = rows[j];
        let dot = 0;
        for (let k = 0; k < length; k++) dot += ri[k] * rj[k];
        gram[i * n + j] += dot;
      }
    }
  });
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) gram[i * n + j] = gram[j * n + i];

  const eigen = symmetricEigen(gram, n);
  let total = 0;
  for (let i = 0; i < n; i++) total += gram[i * n + i];
  const [l1, l2] = eigen.values;
  if (!(l2 > 1e-12 * l1) || !(total > 0)) {
    throw new Error('The trajectory spans fewer than two dimensions (the checkpoints lie on a line or coincide): no PCA plane.');
  }
  const components = [0, 1].map((k) => {
    const u = eigen.vectors[k].slice();
    let largest = 0;
    for (let i = 1; i < n; i++) if (Math.abs(u[i]) > Math.abs(u[largest])) largest = i;
    if (u[largest] < 0) for (let i = 0; i < n; i++) u[i] = -u[i];
    return { u, singular: Math.sqrt(eigen.values[k]) };
  });

  // Right singular vectors v_k = Σ_i u_k[i]·row_i / s_k, block by block.
  const directions: [Float32Array, Float32Array] = [new Float32Array(layout.size), new Float32Array(layout.size)];
  forEachBlock(ranges, (start, length) => {
    centredBlock(rows, checkpoints, final, start, length);
    components.forEach(({ u, singular }, c) => {
      const out = directions[c];
      for (let k = 0; k < length; k++) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += u[i] * rows[i][k];
        out[start + k] = sum / singular;
      }
    });
  });

  return {
    directions,
    explainedVarianceRatio: [l1 / total, l2 / total],
    singularValues: [components[0].singular, components[1].singular],
    trajectory: projectTrajectory(checkpoints, final, directions, ranges, options.epochs),
  };
}

/**
 * Projects each checkpoint onto the plane through `final` spanned by the two
 * directions: x = d·dx/‖dx‖, y = d·dy/‖dy‖ (d = checkpoint − final), and the
 * distance ‖d − x·dx̂ − y·dŷ‖ over the weights in `ranges` — the part of the
 * step the plane cannot show. Assumes dx ⟂ dy (true of PCA directions).
 */
export function projectTrajectory(
  checkpoints: readonly Float32Array[],
  final: Float32Array,
  directions: readonly [Float32Array, Float32Array],
  ranges: Array<[number, number]>,
  epochs?: readonly number[],
): TrajectoryPoint[] {
  const [dx, dy] = directions;
  let nx = 0;
  let ny = 0;
  for (const [start, end] of ranges) {
    for (let e = start; e < end; e++) {
      nx += dx[e] * dx[e];
      ny += dy[e] * dy[e];
    }
  }
  nx = Math.sqrt(nx);
  ny = Math.sqrt(ny);
  return checkpoints.map((c, i) => {
    let x = 0;
    let y = 0;
    for (const [start, end] of ranges) {
      for (let e = start; e < end; e++) {
        const d = c[e] - final[e];
        x += d * dx[e];
        y += d * dy[e];
      }
    }
    x /= nx;
    y /= ny;
    let residual = 0;
    for (const [start, end] of ranges) {
      for (let e = start; e < end; e++) {
        const r = c[e] - final[e] - (x * dx[e]) / nx - (y * dy[e]) / ny;
        residual += r * r;
      }
    }
    return { epoch: epochs ? epochs[i] : i + 1, x, y, distance: Math.sqrt(residual) };
  });
}
