/** The command-line option behind each contract field, so an invalid value is reported under the option the user typed. */
import type { OptionFlags } from './option-errors.ts';

export const TRAIN_FLAGS: OptionFlags = {
  source: '--data',
  path: '--data-path',
  trainLimit: '--train-limit',
  testLimit: '--test-limit',
  subsetSeed: '--subset-seed',
  downsample: '--downsample',
  preset: '--preset',
  dropout: '--dropout',
  bnAffine: '--bn-affine',
  epochs: '--epochs',
  batchSize: '--batch-size',
  learningRate: '--lr',
  activationLearningRate: '--act-lr',
  seed: '--seed',
  checkpointEvery: '--checkpoint-every',
  name: '--name',
};

export const SURFACE_FLAGS: OptionFlags = {
  direction: '--dir',
  seed: '--seed',
  normalization: '--norm',
  ignore: '--ignore',
  activationParams: '--act-params',
  x: '--x',
  y: '--y',
  models: '--models',
  activationParam: '--act-param',
  'lanczos.maxSteps': '--lanczos-steps',
  'mode.tolerance': '--fast',
  'evaluation.count': '--eval-limit',
  'evaluation.seed': '--eval-seed',
  'evaluation.batchSize': '--eval-batch',
  'evaluation.testCount': '--test-limit',
};

/** Engine jobs as the CLI builds them: the train and surface options, and the job-level ones. */
export const JOB_FLAGS: OptionFlags = {
  ...TRAIN_FLAGS,
  ...SURFACE_FLAGS,
  snapshot: '<snapshot>',
  out: '--out',
  runIds: '--runs',
  workers: '--workers',
  shard: '--shard',
  basinThreshold: '--basin-threshold',
  samples: '--samples',
  directionSeeds: '--direction-seeds',
  'hessian.samples': '--hessian',
  format: '--format',
  surfaceId: '--surface',
  inputs: '<shards>',
};
