/**
 * Surface metrics with two sources of noise: the training seed (which model)
 * and the direction seed (which random plane around it). A study computes K
 * planes per trained model, so each model's metric is the mean over its
 * planes, and a configuration's verdict is judged over its models as the
 * run metrics are (verdict-rule.ts) — a nested design, in which the spread
 * of the models' means already holds both noises:
 *
 *     Var(model mean) = σ²_training + σ²_direction / K
 *
 * The spread of three or so models' means is itself a noisy estimate, and
 * can by chance fall below the direction noise alone, which the K planes of
 * every model measure with far more degrees of freedom (pooled within-model
 * variance s²_w). So the standard deviation a verdict uses for a model's mean
 * is √max(s²_between, s²_w · mean(1/K)) — never less than the planes show.
 * Pure.
 */
import { summarise, type Summary } from './verdict-rule.ts';

export interface PlaneSummary extends Summary {
  /** Models (training seeds) with a finite value: the n of the verdict rule. */
  n: number;
  /** Standard deviation of a model's mean used by the verdict: √max(s²_between, s²_w · mean(1/K)). */
  sd: number;
  /** Standard deviation of the models' means alone (training + direction noise, as measured). */
  betweenSd: number;
  /** Pooled within-model standard deviation over the planes (the direction noise); NaN when no model has 2 planes. */
  planeSd: number;
  /** Planes per model with a finite value (the largest, when models differ). */
  planes: number;
}

/**
 * Mean ± sample sd of one model's finite values over its planes, computed about the first value, so that a
 * metric every plane shares (the centre loss: the same model on the same data) has a spread of exactly 0.
 */
export function planeSpread(values: readonly number[]): Summary {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return summarise(finite);
  const shifted = summarise(finite.map((v) => v - finite[0]));
  return { mean: finite[0] + shifted.mean, sd: shifted.sd, n: shifted.n };
}

/** `models[i]`: the metric on each plane around model i (non-finite values left out). */
export function poolPlanes(models: ReadonlyArray<readonly number[]>): PlaneSummary {
  const finite = models.map((values) => values.filter(Number.isFinite)).filter((values) => values.length > 0);
  const perModel = finite.map((values) => planeSpread(values));
  const between = summarise(perModel.map((s) => s.mean));
  let squares = 0;
  let freedom = 0;
  for (const [i, values] of finite.entries()) {
    squares += (values.length - 1) * perModel[i].sd ** 2;
    freedom += values.length - 1;
  }
  const planeSd = freedom > 0 ? Math.sqrt(squares / freedom) : NaN;
  const meanInverseK = finite.length ? finite.reduce((sum, values) => sum + 1 / values.length, 0) / finite.length : NaN;
  const floor = Number.isFinite(planeSd) ? planeSd * planeSd * meanInverseK : 0;
  const sd = between.n > 1 ? Math.sqrt(Math.max(between.sd * between.sd, floor)) : between.sd;
  return { mean: between.mean, sd, n: between.n, betweenSd: between.sd, planeSd, planes: Math.max(0, ...finite.map((values) => values.length)) };
}
