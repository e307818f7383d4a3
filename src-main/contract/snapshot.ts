/**
 * Snapshot (`.lab`) schemas: a zip holding `manifest.json` (format version,
 * app version and a SHA-256 of every other entry), `snapshot.json`, per run
 * `runs/<id>/run.json`, `model.json`, `weights.bin`, the checkpoints
 * (`checkpoints.json` + `checkpoint-blocks.f32`, each distinct tensor stored
 * once; format 1 wrote every checkpoint whole in `checkpoints.f32`), and per
 * surface `surfaces/<id>/surface.json` beside raw float32 grids.
 */
import { z } from 'zod';
import { DataSpecSchema, EpochRecordSchema, MeasuredNumberSchema, ParameterCountsSchema, RunSpecSchema } from './experiment.ts';
import { StudyRecordSchema } from './study.ts';
import { SurfaceHeaderSchema, type SurfaceData } from './surface.ts';

export const SNAPSHOT_FORMAT = 'landscape-lab-snapshot';
/** 2: checkpoints stored per tensor, without repeats (`checkpoints.json`); 1 is still read. */
export const SNAPSHOT_FORMAT_VERSION = 2;

export const ManifestSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  formatVersion: z.number().int().positive(),
  appVersion: z.string(),
  createdAt: z.string(),
  /** SHA-256 (hex) of every other entry, by path. */
  entries: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const DataIdentitySchema = z.object({
  source: z.string(),
  /** Hex digest of the raw files the data set was read from. */
  sha256: z.string(),
  trainCount: z.number().int().nonnegative(),
  testCount: z.number().int().nonnegative(),
  inputShape: z.tuple([z.number().int(), z.number().int(), z.number().int()]),
  numClasses: z.number().int().positive(),
  classNames: z.array(z.string()),
});
export type DataIdentity = z.infer<typeof DataIdentitySchema>;

export const BackendInfoSchema = z.object({ chosen: z.string(), description: z.string() });
export type BackendInfo = z.infer<typeof BackendInfoSchema>;

/** `diverged`: the loss went non-finite or past 100 × ln C during training; see `divergence`. */
export const RunStatusSchema = z.enum(['completed', 'cancelled', 'diverged']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** Where and how a run diverged. */
export const DivergenceSchema = z.object({
  epoch: z.number().int().positive(),
  /** The batch of that epoch (1-based) whose loss gave it away. */
  step: z.number().int().positive(),
  /** That batch's loss: NaN, ±Infinity, or a finite value above `limit`. */
  loss: MeasuredNumberSchema,
  /** 100 × ln C: a hundred times the loss of an untrained network over C classes. */
  limit: z.number().positive(),
  reason: z.enum(['non-finite', 'above-limit']),
  /** The epoch whose weights the run kept (0 = the initial weights). */
  keptEpoch: z.number().int().nonnegative(),
});
export type Divergence = z.infer<typeof DivergenceSchema>;

/** The running loss per batch of a run (batch-loss.ts): x in fractional epochs, y possibly non-finite. */
export const BatchLossSchema = z.object({ x: z.array(z.number()), y: z.array(MeasuredNumberSchema) });

/** runs/<id>/run.json */
export const RunRecordSchema = z.object({
  spec: RunSpecSchema,
  status: RunStatusSchema,
  message: z.string().nullable(),
  /** Set when status is `diverged` (absent in snapshots written before it was recorded). */
  divergence: DivergenceSchema.nullable().optional(),
  parameterCounts: ParameterCountsSchema,
  history: z.array(EpochRecordSchema),
  /**
   * The running loss per batch, as the Training view draws it (batch-loss.ts: x in fractional epochs,
   * at most a few thousand points). Absent in snapshots written before it was recorded.
   */
  batchLoss: BatchLossSchema.optional(),
  /**
   * Epochs of the stored checkpoints (0 = the initial weights), in order. A checkpoint by steps
   * carries the epoch it fell in (step s of an epoch of B batches: epoch ⌈s / B⌉).
   */
  checkpointEpochs: z.array(z.number().int().nonnegative()),
  /**
   * Global step (batches trained since the start) of each stored checkpoint, beside `checkpointEpochs`.
   * Absent in snapshots written before it was recorded: loading derives epoch × batches per epoch.
   */
  checkpointSteps: z.array(z.number().int().nonnegative()).optional(),
  /** Names and shapes of the flat weight vector used by checkpoints and directions. */
  weightNames: z.array(z.string()),
  weightShapes: z.array(z.array(z.number().int().nonnegative())),
  trainedSeconds: z.number().nonnegative(),
  backend: BackendInfoSchema,
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** Where a checkpoint's tensor is: in `checkpoint-blocks.f32` or in the final `weights.bin`, at this float32 offset. */
export const CheckpointTensorRefSchema = z.tuple([z.enum(['blocks', 'weights']), z.number().int().nonnegative()]);
export type CheckpointTensorRef = z.infer<typeof CheckpointTensorRefSchema>;

/**
 * runs/<id>/checkpoints.json: per stored checkpoint, per weight (in `weightNames` order), where its
 * values are. A tensor equal, byte for byte, to one already stored (in an earlier checkpoint, or the
 * final weights) is stored once and referenced: frozen weights, fixed activation parameters, the last
 * checkpoint (the final weights themselves).
 */
export const CheckpointIndexSchema = z.object({ checkpoints: z.array(z.array(CheckpointTensorRefSchema)) });
export type CheckpointIndex = z.infer<typeof CheckpointIndexSchema>;

/** snapshot.json */
export const SnapshotHeaderSchema = z.object({
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  data: DataSpecSchema,
  dataIdentity: DataIdentitySchema,
  runIds: z.array(z.string()),
  surfaceIds: z.array(z.string()),
  /** Set when a study wrote the snapshot: which one, at what scale, and how long it took. */
  study: StudyRecordSchema.optional(),
});
export type SnapshotHeader = z.infer<typeof SnapshotHeaderSchema>;

/** TensorFlow.js layers-format artefacts of a trained model. */
export interface ModelArtifactsData {
  /** model.json: `modelTopology` and `weightsManifest`, as TensorFlow.js writes it. */
  modelJson: Record<string, unknown>;
  /** weights.bin */
  weightData: Uint8Array;
}

export interface RunData extends RunRecord {
  model: ModelArtifactsData;
  /** One flat float32 vector per stored checkpoint, in `weightNames` order. */
  checkpoints: Float32Array[];
}

/** A whole snapshot in memory. */
export interface Snapshot {
  appVersion: string;
  header: SnapshotHeader;
  runs: RunData[];
  surfaces: SurfaceData[];
}

export { SurfaceHeaderSchema };
