/**
 * An evolution's metrics over training as CSV, one row per frame in training
 * order:
 *
 *   epoch, step (only where the run checkpoints by steps: the global step),
 *   surface_id, centre_loss, centre_acc (percent), curvature_x,
 *   curvature_y, sharpness, sharpness_epsilon, lambda_max, hessian_trace,
 *   train_loss, test_loss (the training curve's values after that epoch;
 *   empty for epoch 0 and for a checkpoint part-way through an epoch), then one column per activation parameter value at
 *   that checkpoint: `<weight name>` for a per-layer scalar, `<weight name>[c]`
 *   per channel.
 *
 * Empty cell: not measured (no metrics, no Hessian, a 1D line's y curvature).
 * Non-finite values are `nan`, `inf`, `-inf`, as in the surface CSV.
 */
import type { SurfaceMetrics } from '../../contract.ts';
import { activationParametersAt, type Evolution } from './evolution-frames.ts';
import { formatFloat32 } from './export-csv.ts';

function cell(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value);
}

function metricCells(metrics: SurfaceMetrics | null): string[] {
  if (!metrics) return Array.from({ length: 8 }, () => '');
  return [
    cell(metrics.centre.loss),
    cell(metrics.centre.accuracy * 100),
    cell(metrics.curvature.x),
    cell(metrics.curvature.y),
    cell(metrics.sharpness.value),
    cell(metrics.sharpness.epsilon),
    cell(metrics.hessian?.topEigenvalue),
    cell(metrics.hessian?.trace),
  ];
}

/** Column names of the activation parameters, from the first frame's checkpoint. */
function parameterColumns(parameters: Record<string, number[]>): Array<[string, number]> {
  return Object.entries(parameters).flatMap(([name, values]) =>
    values.length === 1 ? [[name, 0] as [string, number]] : values.map((_, c) => [`${name}[${c}]`, c] as [string, number]),
  );
}

const quote = (text: string): string => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** Whether the frame's checkpoint is at the end of its epoch (always so for checkpoints by epochs). */
function endsItsEpoch(evolution: Evolution, frame: Evolution['frames'][number]): boolean {
  if (frame.step === undefined) return true;
  return evolution.batchesPerEpoch !== undefined && frame.step === frame.epoch * evolution.batchesPerEpoch;
}

/** Encodes an evolution's metrics over time as CSV text (LF line ends, trailing newline). */
export function encodeEvolutionCsv(evolution: Evolution): string {
  const parametersByFrame = evolution.frames.map((f) => activationParametersAt(evolution.run, f));
  const bySteps = evolution.frames.some((f) => f.step !== undefined);
  const columns = parameterColumns(parametersByFrame[0]);
  const names = Object.keys(parametersByFrame[0]);
  const header = [
    'epoch', ...(bySteps ? ['step'] : []), 'surface_id', 'centre_loss', 'centre_acc', 'curvature_x', 'curvature_y', 'sharpness', 'sharpness_epsilon',
    'lambda_max', 'hessian_trace', 'train_loss', 'test_loss', ...columns.map(([column]) => column),
  ];
  const lines = [header.map(quote).join(',')];
  evolution.frames.forEach((frame, i) => {
    // The epoch's losses belong to a checkpoint at its end, not to one part-way through it.
    const record = endsItsEpoch(evolution, frame) ? evolution.run.history.find((h) => h.epoch === frame.epoch) : undefined;
    const parameters = parametersByFrame[i];
    const values = names.flatMap((name) => parameters[name].map((v) => formatFloat32(Math.fround(v))));
    lines.push([String(frame.epoch), ...(bySteps ? [String(frame.step ?? '')] : []), quote(frame.surface.id), ...metricCells(frame.surface.metrics), cell(record?.trainLoss), cell(record?.testLoss), ...values].join(','));
  });
  return lines.join('\n') + '\n';
}
