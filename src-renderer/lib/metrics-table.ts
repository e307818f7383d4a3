/**
 * The landscape metrics of several surfaces as a sortable table: column
 * definitions (what, how formatted, which direction is "better") and a stable
 * sort that keeps rows without a value at the bottom in either direction.
 */
import type { SurfaceMetrics } from '../../src-main/contract/surface.ts';
import { spreadOf, type MetricSpread } from '../../src-main/contract/noise-rule.ts';
import { formatAccuracy, formatCount, formatLoss, formatNumber, formatPercent } from './format.ts';

export interface MetricsRow {
  surfaceId: string;
  runId: string;
  label: string;
  metrics: SurfaceMetrics | null;
  /** A run's surfaces on several random planes (direction seeds): each plane's metrics; `metrics` is the first plane's. */
  planes?: { seeds: readonly number[]; metrics: ReadonlyArray<SurfaceMetrics | null> };
}

export interface MetricColumn {
  key: string;
  label: string;
  /** Tooltip: what the number means. */
  title: string;
  value: (metrics: SurfaceMetrics) => number | null;
  format: (value: number | null) => string;
  /** Which end is the flatter / better-behaved landscape, for highlighting; null when neither. */
  better: 'lower' | 'higher' | null;
  /** Shown after the value, e.g. "± 312" (the estimate's standard error). */
  detail?: (metrics: SurfaceMetrics) => string | null;
  /** Tooltip of one cell: how this row's value was obtained, or why it is not shown. */
  cellTitle?: (metrics: SurfaceMetrics) => string | null;
  /** False for a metric of the trained model alone, the same on every plane (no ± over direction seeds). */
  planeDependent?: boolean;
  /** A standard deviation in the units `format` shows ("± 0.71 %" for a fraction shown in percent); default formatStandardError. */
  formatStd?: (std: number) => string;
}

const HESSIAN_UNITS =
  'Units: loss per (weight unit)², at the trained weights; it depends on the network\'s parametrisation, so compare it between runs of the same network.';

/** A standard error for reading beside its value: "± 59", "± 6,130" (no exponent), "± 0.031". */
export function formatStandardError(value: number): string {
  return `± ${Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : formatNumber(value, 2)}`;
}

/** Why a surface's sharpness is not a measurement (its ε-ball held only the centre), or null. */
export function sharpnessProblem(metrics: SurfaceMetrics): string | null {
  return metrics.warnings.find((w) => /ε-ball/.test(w)) ?? null;
}

export const METRIC_COLUMNS: readonly MetricColumn[] = [
  { key: 'centreLoss', label: 'Centre loss', title: 'Loss of the trained model (α = β = 0).', value: (m) => m.centre.loss, format: formatLoss, better: 'lower', planeDependent: false },
  { key: 'centreAccuracy', label: 'Centre acc.', title: 'Accuracy of the trained model on the evaluation subset.', value: (m) => m.centre.accuracy, format: formatAccuracy, better: 'higher', planeDependent: false },
  { key: 'minimumOffset', label: 'Min. offset', title: 'Distance of the grid minimum from the centre, in plane units (0 = the trained model is the minimum).', value: (m) => m.minimum.offset, format: (v) => formatNumber(v, 3), better: 'lower' },
  {
    key: 'curvatureX',
    label: 'Curv. α',
    title: '∂²L/∂α² at the trained model: twice the quadratic coefficient of a fit to the 5 nearest grid points along α. Units: loss per (plane unit)², one plane unit being one (normalised) direction.',
    value: (m) => m.curvature.x,
    format: (v) => formatNumber(v, 3),
    better: 'lower',
  },
  {
    key: 'curvatureY',
    label: 'Curv. β',
    title: '∂²L/∂β² at the trained model: twice the quadratic coefficient of a fit to the 5 nearest grid points along β. Units: loss per (plane unit)², one plane unit being one (normalised) direction.',
    value: (m) => m.curvature.y,
    format: (v) => formatNumber(v, 3),
    better: 'lower',
  },
  {
    key: 'sharpness',
    label: 'Sharpness',
    title: 'ε-sharpness on the plane: (max over the ε-ball of L − L₀) / (1 + L₀) × 100, in percent of 1 + L₀; ε is at least two grid steps. "—" where the ball held only the centre.',
    value: (m) => (sharpnessProblem(m) ? null : m.sharpness.value),
    format: (v) => formatNumber(v, 3),
    better: 'lower',
    cellTitle: (m) => sharpnessProblem(m) ?? `ε = ${formatNumber(m.sharpness.epsilon, 3)} (plane units)`,
  },
  { key: 'basin', label: 'Basin', title: 'Fraction of grid points with loss below twice the centre loss.', value: (m) => m.basin.belowTwiceCentre, format: (v) => formatPercent(v, 1), better: 'higher', formatStd: (v) => `± ${formatNumber(v * 100, 2)} %` },
  { key: 'roughness', label: 'Roughness', title: 'Mean |discrete Laplacian| ÷ mean loss.', value: (m) => m.roughness.laplacian, format: (v) => formatNumber(v, 3), better: 'lower' },
  { key: 'localMinima', label: 'Local minima', title: 'Number of strict local minima on the grid.', value: (m) => m.roughness.localMinima, format: (v) => formatCount(v), better: 'lower' },
  {
    key: 'hessianTop',
    label: 'λ max',
    title: `Largest eigenvalue of the Hessian of the evaluation loss (power iteration on finite-difference Hessian-vector products). ${HESSIAN_UNITS}`,
    value: (m) => m.hessian?.topEigenvalue ?? null,
    format: (v) => formatNumber(v, 3),
    better: 'lower',
    cellTitle: (m) => (m.hessian ? `${m.hessian.powerIterations} power iterations` : null),
  },
  {
    key: 'hessianTrace',
    label: 'Tr H',
    title: `Trace of the Hessian (the sum of its eigenvalues): a Hutchinson estimate from a few random ±1 vectors, ± its standard error; with few samples it can be far off, even negative beside a positive λ max. ${HESSIAN_UNITS}`,
    value: (m) => m.hessian?.trace ?? null,
    format: (v) => formatNumber(v, 3),
    better: 'lower',
    detail: (m) => (m.hessian?.traceStandardError === undefined ? null : formatStandardError(m.hessian.traceStandardError)),
    cellTitle: (m) =>
      m.hessian
        ? `${m.hessian.traceSamples} Hutchinson samples${m.hessian.traceStandardError === undefined ? '; no standard error recorded' : `; standard error ${formatNumber(m.hessian.traceStandardError, 3)}`}`
        : null,
  },
  { key: 'nonFinite', label: 'Non-finite', title: 'Grid points whose loss is NaN or infinite.', value: (m) => m.nonFinitePoints, format: (v) => formatCount(v), better: 'lower' },
];

export type SortDirection = 'ascending' | 'descending';

export interface SortState {
  /** A METRIC_COLUMNS key, or `label` for the run column. */
  key: string;
  direction: SortDirection;
}

/**
 * A row of several planes: the column's mean ± std over them (planes without
 * the metric left out); null for a single-plane row or a metric of the
 * trained model alone.
 */
export function cellSpread(row: MetricsRow, column: MetricColumn): MetricSpread | null {
  if (!row.planes || column.planeDependent === false) return null;
  const values = row.planes.metrics.map((m) => (m ? column.value(m) : null)).filter((v): v is number => v !== null);
  const spread = spreadOf(values);
  return spread.n > 0 ? spread : null;
}

/** A spread's standard deviation as its column shows it: "± 0.031", "± 0.71 %". */
export function formatStd(column: MetricColumn, std: number): string {
  return column.formatStd ? column.formatStd(std) : formatStandardError(std);
}

/** The value a row shows in a column (the mean over its planes); null when the surface has no metrics or the metric was not computed. */
export function cellValue(row: MetricsRow, column: MetricColumn): number | null {
  const spread = cellSpread(row, column);
  if (spread) return spread.mean;
  return row.metrics ? column.value(row.metrics) : null;
}

/**
 * Rows sorted by a column. Missing and NaN values go last whichever the
 * direction (a blank is never "the best"); ties keep their original order.
 */
export function sortRows(rows: readonly MetricsRow[], sort: SortState): MetricsRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const decorated = rows.map((row, index) => ({ row, index }));
  if (sort.key === 'label') {
    decorated.sort((a, b) => sign * a.row.label.localeCompare(b.row.label) || a.index - b.index);
    return decorated.map((d) => d.row);
  }
  const column = METRIC_COLUMNS.find((c) => c.key === sort.key);
  if (!column) return [...rows];
  const key = (row: MetricsRow): number | null => {
    const v = cellValue(row, column);
    return v === null || Number.isNaN(v) ? null : v;
  };
  decorated.sort((a, b) => {
    const va = key(a.row);
    const vb = key(b.row);
    if (va === null || vb === null) return (va === null ? 1 : 0) - (vb === null ? 1 : 0) || a.index - b.index;
    return sign * (va - vb) || a.index - b.index;
  });
  return decorated.map((d) => d.row);
}

/** Clicking a header: a new column sorts ascending; the same column flips direction. */
export function nextSort(current: SortState | null, key: string): SortState {
  if (current && current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: 'ascending' };
}

/**
 * Surface ids holding the best value of a column (ties all win); empty when
 * fewer than two rows have values. Means over several planes are left out:
 * they are marked only where the difference exceeds the noise (seed-significance.ts).
 */
export function bestInColumn(rows: readonly MetricsRow[], column: MetricColumn): Set<string> {
  if (!column.better) return new Set();
  const valued = rows
    .filter((row) => cellSpread(row, column) === null)
    .map((row) => ({ id: row.surfaceId, v: cellValue(row, column) }))
    .filter((r): r is { id: string; v: number } => r.v !== null && Number.isFinite(r.v));
  if (valued.length < 2) return new Set();
  const best = column.better === 'lower' ? Math.min(...valued.map((r) => r.v)) : Math.max(...valued.map((r) => r.v));
  return new Set(valued.filter((r) => r.v === best).map((r) => r.id));
}
