/** Experiment, run and training-record schemas: what a user asks to train and what training records. */
import { z } from 'zod';

// ───────────────────────────── experiment specs ─────────────────────────────

export const ActivationScopeSchema = z.enum(['layer', 'channel']);
export type ActivationScope = z.infer<typeof ActivationScopeSchema>;

export const ActivationSpecSchema = z.object({
  /** Registry key, lower-case: `relu`, `tsqrt_tanh`, `tswish`, … */
  name: z.string().min(1).max(40),
  /** One trainable scalar per activation layer, or one per channel/unit. */
  scope: ActivationScopeSchema.default('layer'),
  /** Overrides of the trainable parameters' initial values, by parameter name. */
  init: z.record(z.string(), z.number().finite()).optional(),
});
export type ActivationSpec = z.infer<typeof ActivationSpecSchema>;

export const DataSourceSchema = z.enum(['mnist', 'cifar10', 'idx']);
export type DataSource = z.infer<typeof DataSourceSchema>;

export const DataSpecSchema = z.object({
  /** `mnist`: the built-in copy shipped with the install; `cifar10`: the official binary
   * batches (downloaded, or from `path`); `idx`: a folder of IDX files (e.g. Fashion-MNIST). */
  source: DataSourceSchema.default('mnist'),
  /** Folder or archive for `cifar10` / `idx`; ignored for the built-in set. */
  path: z.string().max(4096).optional(),
  /** Use only the first N examples of a seeded shuffle of each split (undefined = all). */
  trainLimit: z.number().int().positive().optional(),
  testLimit: z.number().int().positive().optional(),
  /** Seed of the shuffle that picks the subsets. */
  subsetSeed: z.number().int().default(0),
  /** Spatial downsampling factor by average pooling (the seed preset reads CIFAR-10 at 2×). */
  downsample: z.union([z.literal(1), z.literal(2)]).default(1),
});
export type DataSpec = z.infer<typeof DataSpecSchema>;

export const PresetNameSchema = z.enum(['seed', 'quick', 'tiny']);
export type PresetName = z.infer<typeof PresetNameSchema>;

export const NetworkSpecSchema = z.object({
  preset: PresetNameSchema.default('quick'),
  /** Batch normalisation right before each activation. */
  batchNorm: z.boolean().default(false),
  /** Whether BN's γ/β are trained (the study's §4 compares both). */
  bnAffine: z.enum(['trainable', 'frozen']).default('trainable'),
  /** Dropout rate before the last dense layer; 0 turns it off. */
  dropout: z.number().min(0).max(0.9).default(0),
});
export type NetworkSpec = z.infer<typeof NetworkSpecSchema>;

export const TrainSettingsSchema = z.object({
  epochs: z.number().int().min(1).max(10_000).default(2),
  batchSize: z.number().int().min(1).max(8192).default(64),
  /** Adam learning rate of the network weights. */
  learningRate: z.number().positive().max(10).default(1e-3),
  /** Adam learning rate of the activation parameters (the study's "high-low" rates). */
  activationLearningRate: z.number().positive().max(10).default(1e-5),
  seed: z.number().int().default(1),
  /** Save a checkpoint of all weights every k epochs or steps (see `checkpointUnit`; 0 = only the final weights). */
  checkpointEvery: z.number().int().min(0).default(1),
  /**
   * What `checkpointEvery` counts: epochs (absent, as in specs written before steps existed) or
   * steps (batches, counted over the whole run), so a short run still has many checkpoints.
   */
  checkpointUnit: z.enum(['epochs', 'steps']).optional(),
});
export type TrainSettings = z.infer<typeof TrainSettingsSchema>;

export const RunSpecSchema = z.object({
  /** Stable identifier, unique within a snapshot: `relu-bn`, `tsqrt_tanh`, … */
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/),
  /** Human label shown in the UI and reports. */
  label: z.string().min(1).max(80),
  activation: ActivationSpecSchema,
  network: NetworkSpecSchema,
  train: TrainSettingsSchema,
});
export type RunSpec = z.infer<typeof RunSpecSchema>;

export const ExperimentSpecSchema = z.object({
  name: z.string().min(1).max(120).default('experiment'),
  data: DataSpecSchema,
  runs: z.array(RunSpecSchema).min(1).max(64),
});
export type ExperimentSpec = z.infer<typeof ExperimentSpecSchema>;

// ───────────────────────────── training records ─────────────────────────────

/**
 * A measured number that may legitimately be non-finite (a diverged loss).
 * JSON cannot hold Infinity/NaN, so files store them as the strings
 * "Infinity", "-Infinity", "NaN" (see `jsonWithNonFinite`) and this schema
 * turns them back into numbers.
 */
export const MeasuredNumberSchema = z.preprocess(
  (value) => (value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : value === 'NaN' ? NaN : value),
  z.custom<number>((value) => typeof value === 'number', 'expected a number'),
);

/** JSON.stringify that keeps non-finite numbers (as strings MeasuredNumberSchema reads back). */
export function jsonWithNonFinite(value: unknown, space?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), space);
}

export const EpochRecordSchema = z.object({
  epoch: z.number().int().min(1),
  trainLoss: MeasuredNumberSchema,
  trainAccuracy: MeasuredNumberSchema,
  testLoss: MeasuredNumberSchema,
  testAccuracy: MeasuredNumberSchema,
  /** Every trainable activation parameter's value after this epoch, by weight name. */
  activationParams: z.record(z.string(), z.array(z.number())),
  seconds: z.number().nonnegative(),
});
export type EpochRecord = z.infer<typeof EpochRecordSchema>;

export const ParameterCountsSchema = z.object({
  trainable: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Of the trainable ones, how many belong to activation functions. */
  activation: z.number().int().nonnegative(),
});
export type ParameterCounts = z.infer<typeof ParameterCountsSchema>;
