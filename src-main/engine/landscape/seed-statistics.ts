/**
 * Error bars from several direction seeds: K surfaces of one model on
 * independent random planes give each surface metric K values, summarised
 * as mean ± sample standard deviation. The mean surface, the per-point
 * spread and the significance rule (t = 2·√(s_A²/n_A + s_B²/n_B), the study
 * reports' rule) are in contract/noise-rule.ts, shared with the app. Pure.
 */
import type { SurfaceMetrics } from '../../contract.ts';
import { spreadOf, type MetricSpread } from '../../contract/noise-rule.ts';

/** The metrics that vary with the plane, by the name `--json` prints them under. */
export const SEEDED_METRICS: Record<string, (m: SurfaceMetrics) => number | null | undefined> = {
  centreLoss: (m) => m.centre.loss,
  minimumLoss: (m) => m.minimum.loss,
  minimumOffset: (m) => m.minimum.offset,
  curvatureX: (m) => m.curvature.x,
  curvatureY: (m) => m.curvature.y,
  sharpness: (m) => m.sharpness.value,
  basin: (m) => m.basin.belowTwiceCentre,
  roughness: (m) => m.roughness.laplacian,
  localMinima: (m) => m.roughness.localMinima,
  lambdaMax: (m) => m.hessian?.topEigenvalue,
  hessianTrace: (m) => m.hessian?.trace,
};

/** Each metric's mean ± std over the planes' metrics (a metric no plane has is left out). */
export function metricSpreads(metrics: readonly SurfaceMetrics[]): Record<string, MetricSpread> {
  const out: Record<string, MetricSpread> = {};
  for (const [name, read] of Object.entries(SEEDED_METRICS)) {
    const values = metrics.map((m) => read(m)).filter((v): v is number => typeof v === 'number');
    if (values.length === 0) continue;
    out[name] = spreadOf(values);
  }
  return out;
}
