/**
 * Error bars from several direction seeds: K surfaces of one model on
 * independent random planes give each surface metric K values, summarised
 * as mean ± sample standard deviation, and the loss grids a mean surface and
 * a per-point spread. Two models' means differ significantly only when the
 * difference exceeds the noise threshold the study reports use
 * (study/verdict-rule.ts: t = 2·√(s_A²/n_A + s_B²/n_B)). Pure.
 */
import type { SurfaceMetrics } from '../../contract.ts';
import { noiseThreshold, summarise, type Summary } from '../study/verdict-rule.ts';

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

export interface MetricSpread {
  mean: number;
  /** Sample standard deviation over the planes (n − 1). */
  std: number;
  /** Planes with a finite value. */
  n: number;
  values: number[];
}

/** Each metric's mean ± std over the planes' metrics (a metric no plane has is left out). */
export function metricSpreads(metrics: readonly SurfaceMetrics[]): Record<string, MetricSpread> {
  const out: Record<string, MetricSpread> = {};
  for (const [name, read] of Object.entries(SEEDED_METRICS)) {
    const values = metrics.map((m) => read(m)).filter((v): v is number => typeof v === 'number');
    if (values.length === 0) continue;
    const summary = summarise(values);
    out[name] = { mean: summary.mean, std: summary.sd, n: summary.n, values };
  }
  return out;
}

/** Per grid point: the mean and the sample standard deviation of the finite values over the planes. */
export function meanAndSpread(grids: readonly Float32Array[]): { mean: Float32Array; std: Float32Array } {
  if (grids.length === 0) throw new Error('The mean of no surfaces is undefined.');
  const size = grids[0].length;
  if (grids.some((g) => g.length !== size)) throw new Error('Surfaces of different grids cannot be averaged point by point.');
  const mean = new Float32Array(size);
  const std = new Float32Array(size);
  const column: number[] = [];
  for (let i = 0; i < size; i++) {
    column.length = 0;
    for (const g of grids) column.push(g[i]);
    const summary = summarise(column);
    mean[i] = summary.mean;
    std[i] = summary.n > 1 ? summary.sd : NaN;
  }
  return { mean, std };
}

export interface SeedComparison {
  difference: number;
  threshold: number;
  /** |difference| > threshold: larger than the direction noise. */
  significant: boolean;
}

/** A − B judged against the planes' noise; not significant where the noise cannot be estimated (< 2 planes a side). */
export function compareSpreads(a: Pick<MetricSpread, 'mean' | 'std' | 'n'>, b: Pick<MetricSpread, 'mean' | 'std' | 'n'>): SeedComparison {
  const asSummary = (s: Pick<MetricSpread, 'mean' | 'std' | 'n'>): Summary => ({ mean: s.mean, sd: s.std, n: s.n });
  const threshold = noiseThreshold(asSummary(a), asSummary(b));
  const difference = a.mean - b.mean;
  return { difference, threshold, significant: Number.isFinite(threshold) && Number.isFinite(difference) && Math.abs(difference) > threshold };
}
