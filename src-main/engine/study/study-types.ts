/**
 * The shape of a study preset, as plain data: the configurations it trains,
 * the surfaces it computes around them, and the study's claims it checks.
 * `expandStudy` turns a definition and a scale into engine work.
 */
import type { DirectionKind, StudyName, StudyScale } from '../../contract.ts';

/** One network setting, trained once per seed. */
export interface ConfigurationDef {
  /** Stable id; runs are `<id>-s<seed>`. */
  id: string;
  /** As tables and charts show it: `ReLU+BN`, `TSQRT_tanh`. */
  label: string;
  /** Activation registry key. */
  activation: string;
  batchNorm: boolean;
  /** BN's γ/β trained or frozen (the study's §4). Default trainable. */
  bnAffine?: 'trainable' | 'frozen';
  /** Dropout before the last dense layer. */
  dropout: number;
  /** Adam learning rate of the network weights. */
  learningRate: number;
  /** Adam learning rate of the activation parameters. */
  activationLearningRate: number;
  /** The study's own name for this row (Table 2: `RELU_BN`), when it has one. */
  studyName?: string;
  /** The fixed activation's configuration id, for a trainable twin (the survey). */
  twinOf?: string;
}

/**
 * The metrics a run yields (one value per seed). Accuracies are in %.
 * `studyNetworkParams` is not measured: it counts the trainable parameters of
 * the study's own network (the `seed` preset on 16×16×3) with the run's
 * settings, so Table 2's counts can be checked at every scale.
 */
export type RunMetricName =
  | 'finalAccuracy'
  | 'bestAccuracy'
  | 'firstEpochAccuracy'
  | 'accuracyAuc'
  | 'finalTestLoss'
  | 'trainableParams'
  | 'totalParams'
  | 'studyNetworkParams';

/** The metrics a surface yields. */
export type SurfaceMetricName = 'roughness' | 'sharpness' | 'hessianTop' | 'hessianTrace' | 'basin' | 'centreLoss';

export type SurfaceDirection = Extract<DirectionKind, 'random' | 'act-param' | 'pca' | 'hessian'>;

/** A run metric, or a surface metric of the surfaces along one kind of direction: `roughness@random`. */
export type MetricKey = RunMetricName | `${SurfaceMetricName}@${SurfaceDirection}`;

/** Surfaces to compute for a study. */
export interface SurfacePlanDef {
  direction: SurfaceDirection;
  /** Configuration ids (default: every configuration). */
  configurations?: string[];
  /** Around every seed's model, or only the first seed's (to save time). */
  seeds: 'all' | 'first';
  /** `act-param`: the parameter on the y axis, by activation key (`tsqrt` → `z`). */
  activationParam?: Record<string, string>;
}

/**
 * A landscape evolution (`surface --evolution`): a frame per stored checkpoint of the model, all on its first
 * random plane (direction seed 0) normalised at the final weights. Its runs keep a checkpoint every
 * `pcaCheckpointEvery` epochs.
 */
export interface EvolutionPlanDef {
  /** Configuration ids (default: every configuration). */
  configurations?: string[];
  seeds: 'all' | 'first';
}

interface ClaimBase {
  id: string;
  /** The claim as the study makes it, in a sentence. */
  statement: string;
  /** Where in the study: `Table 2`, `§4`, `Figure 1a`. */
  source: string;
  /** The study's own number or words. */
  theirs: string;
  metric: MetricKey;
}

/** `a` is higher (or lower) than `b`. */
export interface CompareClaim extends ClaimBase {
  kind: 'compare';
  a: string;
  b: string;
  expect: 'higher' | 'lower';
}

/** `config` is the highest (or lowest) of `among` (default: every configuration). */
export interface ExtremeClaim extends ClaimBase {
  kind: 'extreme';
  config: string;
  among?: string[];
  expect: 'highest' | 'lowest';
}

/** `a` and `b` are about the same: within `margin` (metric units). */
export interface SimilarClaim extends ClaimBase {
  kind: 'similar';
  a: string;
  b: string;
  margin: number;
}

/** The study's number for one configuration; only comparable at the scales listed. */
export interface ValueClaim extends ClaimBase {
  kind: 'value';
  config: string;
  value: number;
  /** Agreement within this much (metric units), or within this fraction when `relative`. */
  tolerance: number;
  relative?: boolean;
  comparableAt: StudyScale[];
}

/** The study's difference a − b; only comparable at the scales listed (the direction is its own claim). */
export interface DifferenceClaim extends ClaimBase {
  kind: 'difference';
  a: string;
  b: string;
  value: number;
  tolerance: number;
  comparableAt: StudyScale[];
}

/** The configurations in the study's order (best first) by the metric. */
export interface RankingClaim extends ClaimBase {
  kind: 'ranking';
  /** Best first, as the study ranks them. */
  order: string[];
}

export type ClaimDef = CompareClaim | ExtremeClaim | SimilarClaim | ValueClaim | DifferenceClaim | RankingClaim;

/** A group of configurations drawn in one chart (the survey draws each twin pair apart). */
export interface ChartGroup {
  title: string;
  configurations: string[];
}

export interface StudyDefinition {
  name: StudyName;
  title: string;
  /** The question, in a sentence or two, for the report's opening. */
  question: string;
  configurations: ConfigurationDef[];
  surfaces: SurfacePlanDef[];
  evolution?: EvolutionPlanDef;
  claims: ClaimDef[];
  chartGroups: ChartGroup[];
}
