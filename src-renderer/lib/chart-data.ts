/**
 * Training curves as chart columns (uPlot's layout: x values, then one array
 * per series, null for a gap). Non-finite values become gaps, and the run
 * list says why; a diverged epoch never plots as 0.
 */
import type { EpochRecord } from '../../src-main/contract/experiment.ts';
import type { RunTrack } from './training-history.ts';

export type EpochMetric = 'loss' | 'accuracy';
export type Split = 'train' | 'test';

export interface SeriesInfo {
  runId: string;
  label: string;
  /** Train / test split, or an activation parameter's weight name. */
  part: string;
  dashed: boolean;
}

export interface ColumnData {
  /** x values, then one column per series. */
  columns: Array<Array<number | null>>;
  series: SeriesInfo[];
}

const finiteOrNull = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

/** A record's loss, or its accuracy in percent (the charts, like every view, show accuracy in %). */
function metricOf(record: EpochRecord, metric: EpochMetric, split: Split): number {
  if (metric === 'loss') return split === 'train' ? record.trainLoss : record.testLoss;
  return 100 * (split === 'train' ? record.trainAccuracy : record.testAccuracy);
}

/** Epochs 1 … the most any run has; one series per run and split (train solid, test dashed). */
export function epochColumns(runs: readonly RunTrack[], metric: EpochMetric): ColumnData {
  const maxEpoch = runs.reduce((m, r) => Math.max(m, r.epochs.at(-1)?.epoch ?? 0), 0);
  const x = Array.from({ length: maxEpoch }, (_, i) => i + 1);
  const columns: ColumnData['columns'] = [x];
  const series: SeriesInfo[] = [];
  for (const run of runs) {
    for (const split of ['train', 'test'] as const) {
      const column: Array<number | null> = new Array(maxEpoch).fill(null);
      for (const record of run.epochs) {
        if (record.epoch >= 1 && record.epoch <= maxEpoch) column[record.epoch - 1] = finiteOrNull(metricOf(record, metric, split));
      }
      columns.push(column);
      series.push({ runId: run.id, label: run.label, part: split, dashed: split === 'test' });
    }
  }
  return { columns, series };
}

/** Mean of a parameter's values (one per layer, or one per channel with scope `channel`). */
function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return finiteOrNull(sum / values.length);
}

/** Short name of an activation weight for a legend: "conv1_act/z" stays readable, long prefixes go. */
export function shortWeightName(name: string): string {
  const parts = name.split('/');
  return parts.length > 2 ? parts.slice(-2).join('/') : name;
}

/** The initial value of an activation's parameter ("tswish", "z"), when known. */
export type InitialValue = (activation: string, parameter: string) => number | null;

/**
 * Trainable activation parameters per epoch, as the change from their initial
 * value (issue 15: on one shared axis, a parameter at 1 that moved by 1e-3
 * was a flat line beside one at 0.5): one series per run and weight (the
 * channel mean when a weight has one value per channel), starting at 0 at
 * epoch 0. Without a known initial value the first epoch's is the baseline.
 * Runs without trainable parameters add nothing.
 */
export function activationParamColumns(runs: readonly RunTrack[], initialValue: InitialValue = () => null): ColumnData {
  const maxEpoch = runs.reduce((m, r) => Math.max(m, r.epochs.at(-1)?.epoch ?? 0), 0);
  const columns: ColumnData['columns'] = [Array.from({ length: maxEpoch + 1 }, (_, i) => i)];
  const series: SeriesInfo[] = [];
  for (const run of runs) {
    const names = new Set<string>();
    for (const record of run.epochs) for (const name of Object.keys(record.activationParams)) names.add(name);
    [...names].sort().forEach((name, k) => {
      const column: Array<number | null> = new Array(maxEpoch + 1).fill(null);
      for (const record of run.epochs) {
        const values = record.activationParams[name];
        if (values && record.epoch >= 1 && record.epoch <= maxEpoch) column[record.epoch] = mean(values);
      }
      const init = initialValue(run.activation, name.split('/').at(-1) ?? name);
      const baseline = init ?? column.find((v) => v !== null) ?? null;
      if (baseline !== null) {
        for (let i = 1; i < column.length; i++) if (column[i] !== null) column[i] = column[i]! - baseline;
        if (init !== null) column[0] = 0;
      }
      columns.push(column);
      series.push({ runId: run.id, label: run.label, part: shortWeightName(name), dashed: k % 2 === 1 });
    });
  }
  return { columns, series };
}

/**
 * Per-batch running loss of every run on one x axis (fractional epochs). The
 * runs train one after another and report at different x values, so the axis
 * is the sorted union of their x values; a run is null at the others' points
 * (draw with gaps spanned).
 */
export function batchLossColumns(runs: readonly RunTrack[]): ColumnData {
  const withPoints = runs.filter((r) => r.batchLoss.x.length > 0);
  const xs = [...new Set(withPoints.flatMap((r) => r.batchLoss.x))].sort((a, b) => a - b);
  const position = new Map(xs.map((x, i) => [x, i]));
  const columns: ColumnData['columns'] = [xs];
  for (const run of withPoints) {
    const column: Array<number | null> = new Array(xs.length).fill(null);
    run.batchLoss.x.forEach((x, k) => (column[position.get(x)!] = finiteOrNull(run.batchLoss.y[k])));
    columns.push(column);
  }
  return { columns, series: withPoints.map((r) => ({ runId: r.id, label: r.label, part: 'running loss', dashed: false })) };
}

/** Whether any run has a positive value in every drawn point (a log axis can show it). */
export function allPositive(columns: ColumnData['columns']): boolean {
  return columns.slice(1).every((c) => c.every((v) => v === null || v > 0));
}
