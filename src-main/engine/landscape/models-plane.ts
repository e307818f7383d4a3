/**
 * The line or plane through 2 or 3 trained models of the same architecture
 * (linear interpolation, Goodfellow et al. 2015; the reference's
 * `--model_file2/3`): origin θ_A, d₁ = θ_B − θ_A, d₂ = θ_C − θ_A, so (1, 0)
 * is model B and (0, 1) model C.
 *
 * BN moving statistics: interpolated with everything else by default (the
 * reference's `dir_type states`), because only then is (1, 0) exactly model
 * B — with A's statistics under B's weights it is a different, usually much
 * worse network. Outside [0, 1] an interpolated moving variance can turn
 * negative; that point's loss is then NaN and is flagged like any other
 * non-finite point, never clamped. `statistics: 'fixed'` keeps A's (the
 * reference's default `dir_type weights`).
 */
import type { WeightLayout } from '../training/weights.ts';
import { assertLayoutSize, weightRange, weightRoles } from './weight-roles.ts';

export interface ModelsPlaneOptions {
  /** `interpolate` (default): BN statistics move with the plane; `fixed`: they stay at model A's. */
  statistics?: 'interpolate' | 'fixed';
}

export interface ModelsPlane {
  /** θ_A (the same array that was passed in). */
  origin: Float32Array;
  /** θ_B − θ_A */
  d1: Float32Array;
  /** θ_C − θ_A, or null for the line A → B. */
  d2: Float32Array | null;
}

/** θ_to − θ_from in float32 (the difference is computed in float64 and rounded once). */
function difference(to: Float32Array, from: Float32Array): Float32Array {
  const out = new Float32Array(to.length);
  for (let i = 0; i < to.length; i++) out[i] = to[i] - from[i];
  return out;
}

/**
 * @param layout the layout all models share (same names and shapes in the same order)
 * @param models 2 or 3 flat weight vectors; the first is the origin
 */
export function modelsPlane(layout: WeightLayout, models: readonly Float32Array[], options: ModelsPlaneOptions = {}): ModelsPlane {
  if (models.length < 2 || models.length > 3) throw new Error(`A models plane needs 2 or 3 models, got ${models.length}.`);
  models.forEach((m, i) => assertLayoutSize(m, layout, `Model ${i + 1}'s weight vector`));
  const [origin, b, c] = models;
  const d1 = difference(b, origin);
  const d2 = c === undefined ? null : difference(c, origin);
  if ((options.statistics ?? 'interpolate') === 'fixed') {
    weightRoles(layout).forEach((role, i) => {
      if (role !== 'statistic') return;
      const [start, end] = weightRange(layout, i);
      d1.fill(0, start, end);
      d2?.fill(0, start, end);
    });
  }
  return { origin, d1, d2 };
}
