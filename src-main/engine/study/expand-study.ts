/**
 * Turns a study definition and a scale into engine work: one run spec per
 * configuration and seed (ids `<configuration>-s<seed>`), and one surface
 * recipe per surface the study asks for.
 */
import {
  DataSpecSchema,
  ExperimentSpecSchema,
  RunSpecSchema,
  SurfaceRecipeSchema,
  type ExperimentSpec,
  type RunSpec,
  type StudyName,
  type StudyScale,
  type SurfaceRecipe,
} from '../../contract.ts';
import { STUDIES } from './definitions/index.ts';
import { STUDY_SCALES, type HessianSettings, type ScaleSettings } from './study-scales.ts';
import type { ConfigurationDef, StudyDefinition, SurfaceDirection, SurfacePlanDef } from './study-types.ts';

export interface PlannedRun {
  configuration: string;
  seed: number;
  runId: string;
}

export interface PlannedSurface {
  runId: string;
  configuration: string;
  seed: number;
  direction: SurfaceDirection;
  recipe: SurfaceRecipe;
  /** PCA planes: the axes are sized from the run's own trajectory once it is trained. */
  sizeFromTrajectory: boolean;
  hessian: HessianSettings | false;
}

/** A landscape evolution around one model: the frames' plane (one random plane) and how many checkpoints the run will store. */
export interface PlannedEvolution {
  runId: string;
  configuration: string;
  seed: number;
  recipe: SurfaceRecipe;
  frames: number;
}

export interface StudyPlan {
  definition: StudyDefinition;
  scale: ScaleSettings;
  seeds: number[];
  experiment: ExperimentSpec;
  runs: PlannedRun[];
  surfaces: PlannedSurface[];
  evolutions: PlannedEvolution[];
}

export interface ExpandOptions {
  /** Seeds per configuration (default: the scale's). Seeds are 1 … N. */
  seeds?: number;
}

export const runIdOf = (configuration: string, seed: number): string => `${configuration}-s${seed}`;

/** Where the PCA plane or an evolution is wanted, checkpoints are kept every `pcaCheckpointEvery` epochs. */
function needsTrajectory(definition: StudyDefinition, configuration: string): boolean {
  const wants = (plan: { configurations?: string[] } | undefined): boolean => plan !== undefined && (plan.configurations ?? [configuration]).includes(configuration);
  return definition.surfaces.some((s) => s.direction === 'pca' && wants(s)) || wants(definition.evolution);
}

/** Checkpoints a run of `epochs` keeps every `every` epochs: the initial weights, every k-th epoch and the last. */
export const checkpointCount = (epochs: number, every: number): number => 1 + Math.floor(epochs / every) + (epochs % every === 0 ? 0 : 1);

function runSpec(definition: StudyDefinition, scale: ScaleSettings, config: ConfigurationDef, seed: number): RunSpec {
  return RunSpecSchema.parse({
    id: runIdOf(config.id, seed),
    label: `${config.label} · seed ${seed}`,
    activation: { name: config.activation, scope: 'layer' },
    network: { preset: scale.preset, batchNorm: config.batchNorm, bnAffine: config.bnAffine ?? 'trainable', dropout: config.dropout },
    train: {
      epochs: scale.epochs,
      batchSize: scale.batchSize,
      learningRate: config.learningRate,
      activationLearningRate: config.activationLearningRate,
      seed,
      checkpointEvery: needsTrajectory(definition, config.id) ? scale.pcaCheckpointEvery : 0,
    },
  });
}

/** Hessian planes: d₁, d₂ have the length of θ, so the quadratic region is near the centre (README: ±0.1 is a better start than ±1). */
export const HESSIAN_PLANE_HALF_WIDTH = 0.1;

function recipeFor(plan: SurfacePlanDef, scale: ScaleSettings, config: ConfigurationDef): SurfaceRecipe {
  const { grid, evalCount, evalBatch, actParamRange } = scale.surface;
  const half = plan.direction === 'hessian' ? HESSIAN_PLANE_HALF_WIDTH : 1;
  const axis = { min: -half, max: half, num: grid };
  const evaluation = { count: evalCount, seed: 0, batchSize: evalBatch };
  if (plan.direction === 'act-param') {
    const param = plan.activationParam?.[config.activation];
    if (!param) throw new Error(`The ${plan.direction} surfaces name no parameter for ${config.activation}.`);
    return SurfaceRecipeSchema.parse({
      direction: 'act-param',
      activationParam: param,
      activationParams: 'fixed',
      x: axis,
      y: { min: actParamRange[0], max: actParamRange[1], num: grid },
      evaluation,
    });
  }
  return SurfaceRecipeSchema.parse({ direction: plan.direction, x: axis, y: axis, evaluation });
}

/** Random planes per model: the scale's direction seeds; every other plane does not depend on a seed. */
export function planesPerModel(direction: SurfaceDirection, scale: ScaleSettings): number {
  return direction === 'random' ? scale.surface.directionSeeds : 1;
}

export function expandDefinition(definition: StudyDefinition, scale: ScaleSettings, options: ExpandOptions = {}): StudyPlan {
  const seeds = Array.from({ length: options.seeds ?? scale.seeds }, (_, i) => i + 1);
  const runs: PlannedRun[] = definition.configurations.flatMap((config) =>
    seeds.map((seed) => ({ configuration: config.id, seed, runId: runIdOf(config.id, seed) })),
  );
  const specs = definition.configurations.flatMap((config) => seeds.map((seed) => runSpec(definition, scale, config, seed)));
  const experiment = ExperimentSpecSchema.parse({
    name: `${definition.name} (${scale.scale} scale)`,
    data: DataSpecSchema.parse(scale.data),
    runs: specs,
  });
  const byId = new Map(definition.configurations.map((c) => [c.id, c]));
  const surfaces: PlannedSurface[] = definition.surfaces.flatMap((plan) => {
    const ids = plan.configurations ?? definition.configurations.map((c) => c.id);
    return ids.flatMap((id) => {
      const config = byId.get(id);
      if (!config) throw new Error(`Study ${definition.name} plans a surface for an unknown configuration "${id}".`);
      const recipe = recipeFor(plan, scale, config);
      const planes = planesPerModel(plan.direction, scale);
      return (plan.seeds === 'first' ? seeds.slice(0, 1) : seeds).flatMap((seed) =>
        Array.from({ length: planes }, (_, k) => ({
          runId: runIdOf(id, seed),
          configuration: id,
          seed,
          direction: plan.direction,
          recipe: k === 0 ? recipe : { ...recipe, seed: recipe.seed + k },
          sizeFromTrajectory: plan.direction === 'pca',
          // λmax and the trace are the model's, not the plane's: computed once, with the first plane. A Hessian plane has its eigenvalues.
          hessian: k === 0 && plan.direction !== 'hessian' ? scale.surface.hessian : false,
        })),
      );
    });
  });
  const evolution = definition.evolution;
  const evolutions: PlannedEvolution[] = evolution
    ? (evolution.configurations ?? definition.configurations.map((c) => c.id)).flatMap((id) => {
        const config = byId.get(id);
        if (!config) throw new Error(`Study ${definition.name} plans an evolution for an unknown configuration "${id}".`);
        return (evolution.seeds === 'first' ? seeds.slice(0, 1) : seeds).map((seed) => ({
          runId: runIdOf(id, seed),
          configuration: id,
          seed,
          recipe: recipeFor({ direction: 'random', seeds: evolution.seeds }, scale, config),
          frames: checkpointCount(scale.epochs, scale.pcaCheckpointEvery),
        }));
      })
    : [];
  return { definition, scale, seeds, experiment, runs, surfaces, evolutions };
}

/** The plan of a study preset at a scale. */
export function expandStudy(name: StudyName, scale: StudyScale, options: ExpandOptions = {}): StudyPlan {
  return expandDefinition(STUDIES[name], STUDY_SCALES[scale], options);
}
