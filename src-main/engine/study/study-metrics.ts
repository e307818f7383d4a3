/**
 * The numbers a study's tables and verdicts are made of: per run (one value
 * per seed) and per surface, grouped by configuration. Runs are matched to
 * configurations by their ids (`<configuration>-s<seed>`).
 */
import type { RunData, Snapshot, SurfaceData } from '../../contract.ts';
import { getActivation } from '../activations/index.ts';
import { presetParameterCounts } from './preset-parameters.ts';
import type { ConfigurationDef, MetricKey, RunMetricName, StudyDefinition, SurfaceDirection, SurfaceMetricName } from './study-types.ts';
import { planeSpread, poolPlanes, type PlaneSummary } from './plane-pooling.ts';
import { summarise, type Summary } from './verdict-rule.ts';

export interface MetricInfo {
  label: string;
  /** For table headers. */
  short: string;
  /** Unit shown after the number ('%', '') */
  unit: string;
  digits: number;
  /** Which way is better, for ranking and bolding ('none': neither). */
  better: 'higher' | 'lower' | 'none';
  /** The same for every seed (parameter counts): the verdict's noise threshold is 0. */
  deterministic: boolean;
}

export const RUN_METRICS: Record<RunMetricName, MetricInfo> = {
  finalAccuracy: { label: 'final test accuracy', short: 'Final acc. (%)', unit: '%', digits: 2, better: 'higher', deterministic: false },
  bestAccuracy: { label: 'best test accuracy', short: 'Best acc. (%)', unit: '%', digits: 2, better: 'higher', deterministic: false },
  firstEpochAccuracy: { label: 'test accuracy after epoch 1', short: 'Acc. after epoch 1 (%)', unit: '%', digits: 2, better: 'higher', deterministic: false },
  accuracyAuc: { label: 'area under the test-accuracy curve (mean over epochs)', short: 'AUC (%)', unit: '%', digits: 2, better: 'higher', deterministic: false },
  finalTestLoss: { label: 'final test loss', short: 'Final test loss', unit: '', digits: 4, better: 'lower', deterministic: false },
  trainableParams: { label: 'trainable parameters', short: 'Trainable', unit: '', digits: 0, better: 'none', deterministic: true },
  totalParams: { label: 'parameters (total)', short: 'Total', unit: '', digits: 0, better: 'none', deterministic: true },
  studyNetworkParams: { label: 'trainable parameters of the study’s network', short: 'Study’s network', unit: '', digits: 0, better: 'none', deterministic: true },
};

export const SURFACE_METRICS: Record<SurfaceMetricName, MetricInfo> = {
  roughness: { label: 'roughness (mean |∇²L| ÷ mean L)', short: 'Roughness', unit: '', digits: 4, better: 'lower', deterministic: false },
  sharpness: { label: 'ε-sharpness', short: 'Sharpness', unit: '', digits: 4, better: 'lower', deterministic: false },
  hessianTop: { label: 'Hessian top eigenvalue', short: 'Hessian λmax', unit: '', digits: 4, better: 'lower', deterministic: false },
  hessianTrace: { label: 'Hessian trace', short: 'Hessian trace', unit: '', digits: 4, better: 'lower', deterministic: false },
  basin: { label: 'basin area (share of the grid below 2 × the centre loss)', short: 'Basin %', unit: '%', digits: 1, better: 'higher', deterministic: false },
  centreLoss: { label: 'training loss at the centre', short: 'Centre loss', unit: '', digits: 4, better: 'lower', deterministic: false },
};

export function parseMetricKey(key: MetricKey): { run: RunMetricName } | { surface: SurfaceMetricName; direction: SurfaceDirection } {
  const at = key.indexOf('@');
  if (at < 0) return { run: key as RunMetricName };
  return { surface: key.slice(0, at) as SurfaceMetricName, direction: key.slice(at + 1) as SurfaceDirection };
}

export function metricInfo(key: MetricKey): MetricInfo {
  const parsed = parseMetricKey(key);
  return 'run' in parsed ? RUN_METRICS[parsed.run] : SURFACE_METRICS[parsed.surface];
}

const percent = (fraction: number): number => 100 * fraction;

/** Area under the per-epoch test-accuracy curve ÷ epochs: the mean accuracy over epochs, in %. */
export function accuracyAuc(run: Pick<RunData, 'history'>): number {
  if (run.history.length === 0) return NaN;
  return percent(run.history.reduce((sum, r) => sum + r.testAccuracy, 0) / run.history.length);
}

export function runMetric(run: RunData, name: Exclude<RunMetricName, 'studyNetworkParams'>): number {
  const history = run.history;
  switch (name) {
    case 'finalAccuracy':
      return history.length ? percent(history[history.length - 1].testAccuracy) : NaN;
    case 'bestAccuracy':
      return history.length ? percent(Math.max(...history.map((r) => r.testAccuracy))) : NaN;
    case 'firstEpochAccuracy':
      return history.length ? percent(history[0].testAccuracy) : NaN;
    case 'accuracyAuc':
      return accuracyAuc(run);
    case 'finalTestLoss':
      return history.length ? history[history.length - 1].testLoss : NaN;
    case 'trainableParams':
      return run.parameterCounts.trainable;
    case 'totalParams':
      return run.parameterCounts.total;
  }
}

export function surfaceMetric(surface: SurfaceData, name: SurfaceMetricName): number {
  const m = surface.metrics;
  if (!m) return NaN;
  switch (name) {
    case 'roughness':
      return m.roughness.laplacian;
    case 'sharpness':
      return m.sharpness.value;
    case 'hessianTop':
      return m.hessian?.topEigenvalue ?? NaN;
    case 'hessianTrace':
      return m.hessian?.trace ?? NaN;
    case 'basin':
      return percent(m.basin.belowTwiceCentre);
    case 'centreLoss':
      return m.centre.loss;
  }
}

/** Trainable parameters of the study's own network (the `seed` preset on CIFAR-10 at 16×16×3) with a configuration's settings. */
export function studyNetworkParameters(config: ConfigurationDef): number {
  return presetParameterCounts({
    preset: 'seed',
    inputShape: [16, 16, 3],
    numClasses: 10,
    batchNorm: config.batchNorm,
    bnAffine: config.bnAffine ?? 'trainable',
    activationParamsPerLayer: getActivation(config.activation).params.length,
  }).trainable;
}

const RUN_ID = /^(.+)-s(\d+)$/;

export interface ConfigurationRuns {
  config: ConfigurationDef;
  /** In seed order. */
  runs: Array<{ seed: number; run: RunData }>;
}

/** A snapshot's runs and surfaces, seen through a study definition. */
export class StudyMetrics {
  readonly configurations: ConfigurationRuns[];

  constructor(
    readonly definition: StudyDefinition,
    readonly snapshot: Pick<Snapshot, 'runs' | 'surfaces'>,
  ) {
    this.configurations = definition.configurations.map((config) => ({
      config,
      runs: snapshot.runs
        .map((run) => ({ run, match: RUN_ID.exec(run.spec.id) }))
        .filter(({ match }) => match?.[1] === config.id)
        .map(({ run, match }) => ({ seed: Number(match![2]), run }))
        .sort((a, b) => a.seed - b.seed),
    }));
  }

  configuration(id: string): ConfigurationRuns {
    const found = this.configurations.find((c) => c.config.id === id);
    if (!found) throw new Error(`The study ${this.definition.name} has no configuration "${id}".`);
    return found;
  }

  /**
   * Surfaces around the runs of a configuration along one kind of direction, by model (training seed, in
   * order): each model's planes in direction-seed order. Evolution frames are not planes of the model.
   */
  models(configId: string, direction: SurfaceDirection): Array<{ seed: number; planes: SurfaceData[] }> {
    const { runs } = this.configuration(configId);
    return runs
      .map(({ seed, run }) => ({
        seed,
        planes: this.snapshot.surfaces
          .filter((s) => s.runId === run.spec.id && s.recipe.direction === direction && !s.recipe.checkpoint)
          .sort((a, b) => a.recipe.seed - b.recipe.seed),
      }))
      .filter(({ planes }) => planes.length > 0);
  }

  /** One value per seed: a surface metric is the mean over the model's planes (or one value, for the study network's parameter count). */
  values(key: MetricKey, configId: string): number[] {
    const parsed = parseMetricKey(key);
    if ('surface' in parsed) return this.planeValues(parsed.surface, parsed.direction, configId).map((planes) => planeSpread(planes).mean);
    const { config, runs } = this.configuration(configId);
    if (parsed.run === 'studyNetworkParams') return [studyNetworkParameters(config)];
    return runs.map(({ run }) => runMetric(run, parsed.run as Exclude<RunMetricName, 'studyNetworkParams'>));
  }

  /** A surface metric per model, per plane. */
  planeValues(name: SurfaceMetricName, direction: SurfaceDirection, configId: string): number[][] {
    return this.models(configId, direction).map(({ planes }) => planes.map((surface) => surfaceMetric(surface, name)));
  }

  /** Mean ± sd over seeds; for a surface metric pooled over the models' planes (plane-pooling.ts). */
  summary(key: MetricKey, configId: string): Summary | PlaneSummary {
    const parsed = parseMetricKey(key);
    if ('surface' in parsed) return poolPlanes(this.planeValues(parsed.surface, parsed.direction, configId));
    return summarise(this.values(key, configId));
  }
}
