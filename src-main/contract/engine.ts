/**
 * The engine protocol: job messages between a host (Electron main, web host,
 * CLI) and an engine process. Long jobs carry a job id, stream throttled
 * progress, and can be cancelled.
 */
import { z } from 'zod';
import { EpochRecordSchema, ExperimentSpecSchema, MeasuredNumberSchema, ParameterCountsSchema } from './experiment.ts';
import { StudyNameSchema, StudyScaleSchema } from './study.ts';
import { SurfaceRecipeSchema } from './surface.ts';

export const JobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

const path = z.string().min(1).max(4096);

export const TrainJobSchema = z.object({
  kind: z.literal('train'),
  experiment: ExperimentSpecSchema,
  /** Where the snapshot is written (atomically). */
  out: path,
  /** Folder for downloaded data sets (CIFAR-10). */
  cacheDir: path.optional(),
});

/**
 * Which runtime evaluates surface points: `auto` is ONNX Runtime (CUDA where
 * installed, else CPU) with TensorFlow.js as the fallback.
 */
export const SurfaceEvaluatorChoiceSchema = z.enum(['auto', 'onnx', 'onnx-cpu', 'onnx-cuda', 'tfjs']);
export type SurfaceEvaluatorChoice = z.infer<typeof SurfaceEvaluatorChoiceSchema>;

export const SurfaceJobSchema = z.object({
  kind: z.literal('surface'),
  snapshot: path,
  out: path,
  /** Runs to compute the surface for (default: every run). */
  runIds: z.array(z.string()).optional(),
  recipe: SurfaceRecipeSchema,
  /** Engine processes sharing the points (default: one per core; TensorFlow.js only, ONNX Runtime threads itself). */
  workers: z.number().int().min(1).max(64).optional(),
  evaluator: SurfaceEvaluatorChoiceSchema.default('auto'),
  /** Continue an interrupted surface from its journal instead of starting over. */
  resume: z.boolean().default(false),
  /** Compute only shard `index` of `count` (a partial snapshot to `merge` later). */
  shard: z.object({ index: z.number().int().nonnegative(), count: z.number().int().positive() }).optional(),
  /** Hessian top eigenvalue and trace at the centre (false: skip; they cost ~30 gradient evaluations). */
  hessian: z
    .union([
      z.literal(false),
      z.object({
        iterations: z.number().int().min(1).max(500).default(20),
        samples: z.number().int().min(1).max(500).default(10),
        /** Examples of the evaluation subset the Hessian is taken over. */
        examples: z.number().int().positive().default(512),
      }),
    ])
    .default({ iterations: 20, samples: 10, examples: 512 }),
  /** A user loss threshold for the basin-area metric. */
  basinThreshold: z.number().positive().optional(),
  /** Only time the centre point and return the cost estimate; nothing is written. */
  estimateOnly: z.boolean().default(false),
  /** Random planes per run (seeds recipe.seed … + K − 1): metrics reported as mean ± std over them. */
  directionSeeds: z.number().int().min(1).max(100).optional(),
  /** A frame per stored checkpoint of each run, on one fixed random plane (`renormalise`: directions normalised per checkpoint). */
  evolution: z.object({ renormalise: z.boolean().default(false) }).optional(),
  cacheDir: path.optional(),
});

/** Recomputes a sample of every surface's points from the snapshot alone and reports the largest difference. */
export const VerifyJobSchema = z.object({
  kind: z.literal('verify'),
  snapshot: path,
  samples: z.number().int().min(1).max(10_000).default(8),
  cacheDir: path.optional(),
});

/** Joins shard snapshots of the same recipe into one. */
export const MergeJobSchema = z.object({ kind: z.literal('merge'), inputs: z.array(path).min(1), out: path });

/** A worker's share of a surface: the coordinator sends these to its pool. */
export const SurfacePointsJobSchema = z.object({
  kind: z.literal('surface-points'),
  snapshot: path,
  runId: z.string(),
  recipe: SurfaceRecipeSchema,
  /** Flat grid indices (y·nx + x) to evaluate. */
  points: z.array(z.number().int().nonnegative()),
  estimator: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('exact') }),
      /** Fast mode: control variate on the centre's per-example values, as few examples as the tolerance allows. */
      z.object({
        kind: z.literal('adaptive'),
        tolerance: z.number().positive(),
        centreLosses: z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array'),
        centreCorrect: z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array'),
      }),
    ])
    .default({ kind: 'exact' }),
  cacheDir: path.optional(),
});

export const InspectJobSchema = z.object({ kind: z.literal('inspect'), snapshot: path });

export const DownloadJobSchema = z.object({ kind: z.literal('download-cifar10'), cacheDir: path });

export const ExportJobSchema = z.object({
  kind: z.literal('export'),
  snapshot: path,
  surfaceId: z.string().optional(),
  /** h5: the reference layout; directions: an HDF5 of the plane's directions and centre weights; npy: a folder with all of it;
   * reference: a folder per surface that the reference implementation checks (ONNX + PyTorch model, data, directions, surface);
   * evolution: a folder per landscape evolution (h5 per frame, metrics.csv, evolution.gif; surfaceId: the evolution holding that frame). */
  format: z.enum(['h5', 'csv', 'vtp', 'npy', 'directions', 'reference', 'evolution']),
  out: path,
  /** Folder of downloaded data sets (the reference export writes the evaluation data). */
  cacheDir: path.optional(),
});

/**
 * Runs a study preset: every training and surface it needs, shared between
 * engine processes, into ONE snapshot `<out>/<reportName>.lab`, and writes its
 * report beside it (`.html`, `.md`, and the figures in `<reportName>-figures/`).
 */
export const StudyJobSchema = z.object({
  kind: z.literal('study'),
  name: StudyNameSchema,
  scale: StudyScaleSchema.default('quick'),
  /** Folder of the snapshot and the report (created when missing). */
  out: path,
  /** File name stem of the outputs (default: the study's name). */
  reportName: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/)
    .optional(),
  /** Seeds per configuration (default: the scale's, 3 at quick scale). */
  seeds: z.number().int().min(1).max(20).optional(),
  /** Engine processes sharing the work (default: one per core). */
  workers: z.number().int().min(1).max(64).optional(),
  cacheDir: path.optional(),
});

export const EngineJobSchema = z.discriminatedUnion('kind', [
  TrainJobSchema,
  SurfaceJobSchema,
  SurfacePointsJobSchema,
  VerifyJobSchema,
  MergeJobSchema,
  InspectJobSchema,
  DownloadJobSchema,
  ExportJobSchema,
  StudyJobSchema,
]);
export type EngineJob = z.infer<typeof EngineJobSchema>;
export type EngineJobInput = z.input<typeof EngineJobSchema>;
export type TrainJob = z.infer<typeof TrainJobSchema>;
export type SurfaceJob = z.infer<typeof SurfaceJobSchema>;
export type SurfacePointsJob = z.infer<typeof SurfacePointsJobSchema>;
export type VerifyJob = z.infer<typeof VerifyJobSchema>;
export type MergeJob = z.infer<typeof MergeJobSchema>;
export type StudyJob = z.infer<typeof StudyJobSchema>;

export const EngineRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), jobId: JobIdSchema, job: EngineJobSchema }),
  z.object({ type: z.literal('cancel'), jobId: JobIdSchema }),
]);
export type EngineRequest = z.infer<typeof EngineRequestSchema>;

export const JobProgressSchema = z.object({
  /** What is being done, for people: "Training relu (epoch 2/5)". */
  phase: z.string(),
  /** The job's count (a surface job: every run's points), which bars and the job's pace follow. */
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  /**
   * The phase's own count, where it has one while the job's count stands still:
   * a surface's metrics phase counts its Hessian-vector products (λmax power
   * iterations, then Tr H Hutchinson samples), so it shows "7 / 40", not 100 %.
   */
  phaseCount: z.object({ done: z.number().nonnegative(), total: z.number().nonnegative() }).optional(),
  /** Seconds left, when it can be estimated: of the phase when it has its own count, else of the job. */
  etaSeconds: z.number().nonnegative().nullable(),
  /** Which run the progress concerns, when it concerns one. */
  runId: z.string().nullable().default(null),
  /** Latest running loss etc., for live read-outs. */
  detail: z.record(z.string(), z.number()).default({}),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const BackendReportSchema = z.object({
  chosen: z.string(),
  tfName: z.string(),
  attempts: z.array(z.object({ backend: z.string(), ok: z.boolean(), reason: z.string() })),
  forced: z.string().nullable(),
  threads: z.number().int(),
});

/** A computed surface point, streamed by pool workers. */
export const PointResultSchema = z.object({
  index: z.number().int().nonnegative(),
  trainLoss: MeasuredNumberSchema,
  trainAccuracy: MeasuredNumberSchema,
  testLoss: MeasuredNumberSchema.optional(),
  testAccuracy: MeasuredNumberSchema.optional(),
  /** How the value was obtained (fast mode): on the whole evaluation subset, on an adaptive sample, or interpolated. */
  kind: z.enum(['exact', 'sampled', 'interpolated']).default('exact'),
  /** Examples evaluated for this point. */
  examples: z.number().int().nonnegative().optional(),
});
export type PointResult = z.infer<typeof PointResultSchema>;

export const EngineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int(), backend: BackendReportSchema }),
  z.object({ type: z.literal('progress'), jobId: JobIdSchema, progress: JobProgressSchema }),
  z.object({ type: z.literal('run-started'), jobId: JobIdSchema, runId: z.string(), parameterCounts: ParameterCountsSchema }),
  z.object({ type: z.literal('epoch'), jobId: JobIdSchema, runId: z.string(), record: EpochRecordSchema }),
  z.object({ type: z.literal('points'), jobId: JobIdSchema, points: z.array(PointResultSchema) }),
  z.object({ type: z.literal('result'), jobId: JobIdSchema, result: z.unknown() }),
  z.object({ type: z.literal('error'), jobId: JobIdSchema, message: z.string(), cancelled: z.boolean().default(false) }),
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;
