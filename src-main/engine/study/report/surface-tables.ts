/**
 * The report's tables of surface metrics: per model, ranked from the
 * smoothest, each metric as mean ± sd over the model's random planes (its
 * direction seeds); and per configuration, mean ± sd over the seeds' models
 * as the verdicts use it (plane-pooling.ts), the planes' own spread beside it.
 */
import type { SurfaceData } from '../../../contract.ts';
import { planeSpread, type PlaneSummary } from '../plane-pooling.ts';
import { SURFACE_METRICS, surfaceMetric, type StudyMetrics } from '../study-metrics.ts';
import type { SurfaceDirection, SurfaceMetricName } from '../study-types.ts';
import { formatNumber, formatSummary } from './format.ts';
import type { ReportTable, TableCell } from './report-document.ts';

export const DIRECTION_TITLES: Record<SurfaceDirection, string> = {
  random: 'along two filter-normalised random directions',
  'act-param': 'along a random direction and the activation parameter’s own axis',
  pca: 'in the PCA plane of the training trajectory',
  hessian: 'in the plane of the Hessian’s two top eigenvectors',
};

/** One trained model's surfaces along one kind of direction: its planes in direction-seed order. */
export interface ModelPlanes {
  label: string;
  seed: number;
  planes: SurfaceData[];
}

const TABLE_METRICS: Array<{ name: string; value: (s: SurfaceData) => number; digits: number }> = [
  { name: 'Centre loss', value: (s) => surfaceMetric(s, 'centreLoss'), digits: 4 },
  { name: 'Sharpness', value: (s) => surfaceMetric(s, 'sharpness'), digits: 3 },
  { name: 'Curvature x', value: (s) => s.metrics?.curvature.x ?? NaN, digits: 3 },
  { name: 'Curvature y', value: (s) => s.metrics?.curvature.y ?? NaN, digits: 3 },
  { name: 'Roughness', value: (s) => surfaceMetric(s, 'roughness'), digits: 4 },
  { name: 'Local minima', value: (s) => s.metrics?.roughness.localMinima ?? NaN, digits: 0 },
  { name: 'Basin %', value: (s) => surfaceMetric(s, 'basin'), digits: 1 },
  { name: 'Hessian λmax', value: (s) => surfaceMetric(s, 'hessianTop'), digits: 3 },
  { name: 'Hessian trace', value: (s) => surfaceMetric(s, 'hessianTrace'), digits: 2 },
];

/** The largest number of planes a model has, and the direction seeds of one that has them. */
function planeCount(models: readonly ModelPlanes[]): { planes: number; seeds: number[] } {
  const most = models.reduce<ModelPlanes | null>((best, m) => (!best || m.planes.length > best.planes.length ? m : best), null);
  return { planes: most?.planes.length ?? 0, seeds: most?.planes.map((s) => s.recipe.seed) ?? [] };
}

const meanRoughness = (m: ModelPlanes): number => {
  const mean = planeSpread(m.planes.map((s) => surfaceMetric(s, 'roughness'))).mean;
  return Number.isFinite(mean) ? mean : Infinity;
};

export function rankedTable(direction: SurfaceDirection, models: readonly ModelPlanes[]): ReportTable {
  const sorted = [...models].sort((a, b) => meanRoughness(a) - meanRoughness(b));
  const { planes, seeds } = planeCount(models);
  const several = planes > 1;
  const rows: TableCell[][] = sorted.map((m, i) => [
    { text: String(i + 1), numeric: true },
    { text: `${m.label} · seed ${m.seed}` },
    ...(several ? [{ text: String(m.planes.length), numeric: true }] : []),
    ...TABLE_METRICS.map((metric) => ({ text: formatSummary(planeSpread(m.planes.map(metric.value)), metric), numeric: true })),
  ]);
  const planesText = several
    ? ` Each model’s numbers are the mean ± sd over its ${planes} random planes (direction seeds ${seeds.join(', ')}): the spread is the direction noise. λmax and the trace do not depend on the plane: computed once per model.`
    : '';
  return {
    caption: `Surface metrics ${DIRECTION_TITLES[direction]}, per model, ranked from the smoothest (lowest roughness). Sharpness: ε-sharpness on the plane (max over the ε-ball of L − L₀, ÷ (1 + L₀), × 100); curvature: second derivative of a quadratic fit through the centre; roughness: mean |discrete Laplacian| ÷ mean loss; basin: share of the grid below twice the centre loss; Hessian at the trained model on the evaluation subset.${planesText}`,
    header: ['Rank', 'Model', ...(several ? ['Planes'] : []), ...TABLE_METRICS.map((m) => m.name)],
    rows,
  };
}

const SUMMARY_METRICS: SurfaceMetricName[] = ['roughness', 'sharpness', 'hessianTop', 'hessianTrace', 'basin'];

/** A pooled summary, with the planes' own spread in brackets where a model has several. */
export function formatPooled(summary: PlaneSummary, digits: number): string {
  const text = formatSummary(summary, { digits });
  return summary.planes > 1 && Number.isFinite(summary.planeSd) ? `${text} (planes ± ${formatNumber(summary.planeSd, digits)})` : text;
}

export function summaryTable(direction: SurfaceDirection, metrics: StudyMetrics): ReportTable | null {
  const rows = metrics.configurations.map(({ config }) => ({ config, models: metrics.models(config.id, direction) })).filter((c) => c.models.length > 0);
  if (!rows.some((c) => c.models.length > 1)) return null;
  const { planes } = planeCount(rows.flatMap((r) => r.models.map(({ seed, planes: p }) => ({ label: r.config.label, seed, planes: p }))));
  const pooled = (m: SurfaceMetricName, id: string) => metrics.summary(`${m}@${direction}`, id) as PlaneSummary;
  return {
    caption:
      planes > 1
        ? `Surface metrics ${DIRECTION_TITLES[direction]}, per configuration: the mean over the seeds’ models of each model’s mean over its ${planes} planes, ± the standard deviation of a model’s mean that the verdicts use (over the seeds’ models, or the planes’ spread ÷ √${planes} where that is larger); in brackets the spread over one model’s planes (the direction noise, pooled over the models).`
        : `Surface metrics ${DIRECTION_TITLES[direction]}, mean ± sd over the seeds’ models (definitions as in the table above).`,
    header: ['Configuration', 'Models', ...SUMMARY_METRICS.map((m) => SURFACE_METRICS[m].short)],
    rows: rows.map(({ config, models }) => [
      { text: config.label },
      { text: String(models.length), numeric: true },
      ...SUMMARY_METRICS.map((m) => ({ text: formatPooled(pooled(m, config.id), SURFACE_METRICS[m].digits), numeric: true })),
    ]),
  };
}
