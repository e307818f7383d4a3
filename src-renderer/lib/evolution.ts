/**
 * Landscape evolutions in the app (`surface --evolution`, issue 14): the
 * surfaces of one run that share a plane and differ only in the checkpoint
 * they are centred on, in training order; the activation parameters' values at
 * a frame's checkpoint; and the centre metrics over training as chart columns.
 * Frames of a run checkpointed by steps are named "epoch 1 · step 40" and
 * charted over steps.
 */
import type { SurfaceView } from '../../src-main/contract/app.ts';
import { checkpointLabel, compareCheckpoints, type CheckpointRef } from '../../src-main/contract/checkpoints.ts';
import type { RunRecord } from '../../src-main/contract/snapshot.ts';
import type { SurfaceMetrics } from '../../src-main/contract/surface.ts';
import type { ColumnData } from './chart-data.ts';
import { shortWeightName } from './chart-data.ts';

export interface Evolution {
  runId: string;
  /** In training order; at least two. */
  frames: SurfaceView[];
  epochs: number[];
  /** Each frame's checkpoint and its name ("epoch 3", or "epoch 1 · step 40" by steps). */
  checkpoints: CheckpointRef[];
  labels: string[];
  /** The chart's x: each frame's step where the run was checkpointed by steps, else its epoch. */
  xs: number[];
  xLabel: 'epoch' | 'step';
  /** Directions normalised at each checkpoint (true) or once at the final weights. */
  renormalise: boolean;
}

function planeKey(surface: SurfaceView): string {
  const { checkpoint, ...rest } = surface.recipe;
  return JSON.stringify([surface.runId, checkpoint?.renormalise ?? false, rest]);
}

/** The evolution `surface` is a frame of, or null (not a frame, or the only frame of its plane). */
export function evolutionOf(surfaces: readonly SurfaceView[], surface: SurfaceView): Evolution | null {
  const checkpoint = surface.recipe.checkpoint;
  if (!checkpoint) return null;
  const key = planeKey(surface);
  const frames = surfaces.filter((s) => s.recipe.checkpoint && planeKey(s) === key).sort((a, b) => compareCheckpoints(a.recipe.checkpoint!, b.recipe.checkpoint!));
  if (frames.length < 2) return null;
  const checkpoints: CheckpointRef[] = frames.map((f) => {
    const { epoch, step } = f.recipe.checkpoint!;
    return step === undefined ? { epoch } : { epoch, step };
  });
  const bySteps = checkpoints.every((c) => c.step !== undefined);
  return {
    runId: surface.runId,
    frames,
    epochs: checkpoints.map((c) => c.epoch),
    checkpoints,
    labels: checkpoints.map(checkpointLabel),
    xs: checkpoints.map((c) => (bySteps ? c.step! : c.epoch)),
    xLabel: bySteps ? 'step' : 'epoch',
    renormalise: checkpoint.renormalise,
  };
}

/** "epochs 0, 1, 2", or by steps "steps 0, 20, 40, …, 180, 200" (lists longer than 8 shortened in the middle). */
export function checkpointListText(checkpoints: readonly CheckpointRef[]): string {
  const bySteps = checkpoints.length > 0 && checkpoints.every((c) => c.step !== undefined);
  const values = checkpoints.map((c) => (bySteps ? c.step! : c.epoch));
  const shown = values.length > 8 ? [...values.slice(0, 3), '…', ...values.slice(-2)] : values;
  return `${bySteps ? 'steps' : 'epochs'} ${shown.join(', ')}`;
}

/** The initial value of an activation's parameter ("tswish", "z"), when known. */
export type InitialValue = (activation: string, parameter: string) => number | null;

/**
 * Each activation parameter's value at a checkpoint (the mean over channels for a
 * per-channel parameter): after that epoch from the training history, or the
 * initial value at epoch 0 (the run's override, else the activation's default).
 * The history has no values part-way through an epoch: a checkpoint by steps
 * that does not end its epoch (`batchesPerEpoch` tells) gets null values.
 */
export function parametersAt(
  run: RunRecord,
  at: number | CheckpointRef,
  initialValue: InitialValue,
  batchesPerEpoch?: number,
): Array<{ name: string; value: number | null }> {
  const { epoch, step } = typeof at === 'number' ? { epoch: at, step: undefined } : at;
  const names = Object.keys(run.history[0]?.activationParams ?? {});
  if (step !== undefined && step > 0 && step !== epoch * (batchesPerEpoch ?? NaN)) {
    return names.map((name) => ({ name: shortWeightName(name), value: null }));
  }
  if (epoch === 0) {
    return names.map((name) => {
      const parameter = name.split('/').at(-1)?.replace(/_\d+$/, '') ?? name;
      const value = run.spec.activation.init?.[parameter] ?? initialValue(run.spec.activation.name, parameter);
      return { name: shortWeightName(name), value };
    });
  }
  const record = run.history.find((h) => h.epoch === epoch);
  return names.map((name) => {
    const values = record?.activationParams[name] ?? [];
    return { name: shortWeightName(name), value: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null };
  });
}

export type EvolutionMetric = 'centre-loss' | 'centre-accuracy' | 'curvature' | 'sharpness' | 'lambda-max';

export const EVOLUTION_METRICS: ReadonlyArray<{ key: EvolutionMetric; label: string }> = [
  { key: 'centre-loss', label: 'Centre loss' },
  { key: 'centre-accuracy', label: 'Centre accuracy (%)' },
  { key: 'curvature', label: 'Curvature (mean of x, y)' },
  { key: 'sharpness', label: 'Sharpness' },
  { key: 'lambda-max', label: 'Hessian λmax' },
];

/** A frame's value of `metric`; null where it was not measured or is not finite. */
export function metricOf(metrics: SurfaceMetrics | null, metric: EvolutionMetric): number | null {
  if (!metrics) return null;
  let value: number | null | undefined;
  switch (metric) {
    case 'centre-loss':
      value = metrics.centre.loss;
      break;
    case 'centre-accuracy':
      value = metrics.centre.accuracy * 100;
      break;
    case 'curvature': {
      const parts = [metrics.curvature.x, metrics.curvature.y].filter((v): v is number => v !== null && Number.isFinite(v));
      value = parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : null;
      break;
    }
    case 'sharpness':
      value = metrics.sharpness.value;
      break;
    case 'lambda-max':
      value = metrics.hessian?.topEigenvalue;
      break;
  }
  return value !== null && value !== undefined && Number.isFinite(value) ? value : null;
}

/** One series over the frames' epochs (or steps), for the player's chart (legend: "TSwish · Centre loss"). */
export function evolutionColumns(evolution: Evolution, metric: EvolutionMetric, runLabel: string): ColumnData {
  const part = EVOLUTION_METRICS.find((m) => m.key === metric)?.label ?? metric;
  return {
    columns: [evolution.xs, evolution.frames.map((f) => metricOf(f.metrics, metric))],
    series: [{ runId: evolution.runId, label: runLabel, part, dashed: false }],
  };
}

/** The frame `step` places from `current` (clamped to the ends). */
export function stepFrame(evolution: Evolution, currentId: string, step: number): SurfaceView {
  const at = Math.max(0, evolution.frames.findIndex((f) => f.id === currentId));
  return evolution.frames[Math.min(evolution.frames.length - 1, Math.max(0, at + step))];
}
