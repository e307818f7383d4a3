/**
 * What `surface --direction-seeds K` reports per run: each metric's mean and
 * standard deviation over the K random planes, and how far the planes' loss
 * surfaces spread point by point (landscape/seed-statistics.ts).
 */
import type { RunData, SurfaceData, SurfaceMetrics } from '../../contract.ts';
import { meanAndSpread, type MetricSpread } from '../../contract/noise-rule.ts';
import { metricSpreads } from '../landscape/seed-statistics.ts';

export interface SeedSummary {
  runId: string;
  label: string;
  seeds: number[];
  surfaceIds: string[];
  /** Per metric (centreLoss, curvatureX, sharpness, roughness, lambdaMax, …): mean, std (n − 1), n, values. */
  metrics: Record<string, MetricSpread>;
  /** Per-point standard deviation of the loss over the planes: its mean and largest value over the grid. */
  pointSpread: { mean: number; max: number } | null;
}

interface SeededSurface {
  id: string;
  runId: string;
  seed: number;
  metrics: SurfaceMetrics | null;
}

export function seedSummaries(surfaces: readonly SeededSurface[], runs: readonly RunData[], stored: readonly SurfaceData[]): SeedSummary[] {
  return runs.map((run) => {
    const mine = surfaces.filter((s) => s.runId === run.spec.id);
    const metrics = mine.map((s) => s.metrics).filter((m): m is SurfaceMetrics => m !== null);
    const grids = mine.map((s) => stored.find((d) => d.id === s.id)).filter((d): d is SurfaceData => d !== undefined && d.completedPoints === d.done.length);
    let pointSpread: SeedSummary['pointSpread'] = null;
    if (grids.length > 1 && grids.length === mine.length) {
      const { std } = meanAndSpread(grids.map((g) => g.values.trainLoss));
      const finite = Array.from(std).filter(Number.isFinite);
      pointSpread = finite.length ? { mean: finite.reduce((a, b) => a + b, 0) / finite.length, max: Math.max(...finite) } : null;
    }
    return {
      runId: run.spec.id,
      label: run.spec.label,
      seeds: mine.map((s) => s.seed),
      surfaceIds: mine.map((s) => s.id),
      metrics: metricSpreads(metrics),
      pointSpread,
    };
  });
}
