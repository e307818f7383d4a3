/**
 * When a difference between two means is larger than their noise: the rule
 * the study reports use (engine/study/verdict-rule.ts) and the direction-seed
 * error bars (surface --direction-seeds, the app's Compare table). Pure and
 * free of Node, so the engine, the CLI and the renderer share one copy.
 *
 *     t = 2 · √(s_A²/n_A + s_B²/n_B)
 *
 * (twice the standard error of the difference of the means; s = sample
 * standard deviation, n = samples). The noise cannot be estimated from one
 * sample: fewer than two on a side gives no threshold (NaN), unless the
 * quantity is deterministic (threshold 0).
 */

export interface Summary {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one value. */
  sd: number;
  n: number;
}

/** Mean and sample standard deviation of the finite values. */
export function summarise(values: readonly number[]): Summary {
  const finite = values.filter(Number.isFinite);
  const n = finite.length;
  if (n === 0) return { mean: NaN, sd: NaN, n: 0 };
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}

/** The threshold t above; NaN when the noise cannot be estimated. */
export function noiseThreshold(a: Summary, b: Summary, deterministic = false): number {
  if (a.n === 0 || b.n === 0) return NaN;
  if (deterministic) return 0;
  if (a.n < 2 || b.n < 2) return NaN;
  return 2 * Math.sqrt((a.sd * a.sd) / a.n + (b.sd * b.sd) / b.n);
}

/** A metric over K random planes: mean ± sample standard deviation. */
export interface MetricSpread {
  mean: number;
  /** Sample standard deviation over the planes (n − 1). */
  std: number;
  /** Planes with a finite value. */
  n: number;
  values: number[];
}

/** A metric's spread over the planes from its values on each (non-finite values left out). */
export function spreadOf(values: readonly number[]): MetricSpread {
  const finite = values.filter(Number.isFinite);
  const summary = summarise(finite);
  return { mean: summary.mean, std: summary.sd, n: summary.n, values: finite };
}

export interface SeedComparison {
  difference: number;
  threshold: number;
  /** |difference| > threshold: larger than the direction noise. */
  significant: boolean;
}

/** A − B judged against the planes' noise; not significant where the noise cannot be estimated (< 2 planes a side). */
export function compareSpreads(a: Pick<MetricSpread, 'mean' | 'std' | 'n'>, b: Pick<MetricSpread, 'mean' | 'std' | 'n'>): SeedComparison {
  const threshold = noiseThreshold({ mean: a.mean, sd: a.std, n: a.n }, { mean: b.mean, sd: b.std, n: b.n });
  const difference = a.mean - b.mean;
  return { difference, threshold, significant: Number.isFinite(threshold) && Number.isFinite(difference) && Math.abs(difference) > threshold };
}

/** Per grid point: the mean and the sample standard deviation of the finite values over the planes (NaN with fewer than two). */
export function meanAndSpread(grids: readonly ArrayLike<number>[]): { mean: Float32Array; std: Float32Array } {
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
