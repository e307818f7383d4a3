/**
 * Loss-surface recipes, metrics and records (Li et al. 2018 semantics; see
 * DESIGN.md "Loss surfaces"). A recipe plus the snapshot's model and data
 * reproduce a surface exactly.
 */
import { z } from 'zod';
import { MeasuredNumberSchema as measured } from './experiment.ts';

export const AxisSchema = z.object({
  min: z.number().finite(),
  max: z.number().finite(),
  /** Number of points, ends included. */
  num: z.number().int().min(1).max(1001),
});
export type Axis = z.infer<typeof AxisSchema>;

/** `file`: the plane of a direction file in the reference's format (`surface --directions FILE`);
 * `hessian`: the Hessian's top two eigenvectors at the trained weights (Lanczos). */
export const DirectionKindSchema = z.enum(['random', 'pca', 'models', 'act-param', 'file', 'hessian']);
export type DirectionKind = z.infer<typeof DirectionKindSchema>;

export const NormalizationSchema = z.enum(['filter', 'layer', 'none']);
export type Normalization = z.infer<typeof NormalizationSchema>;

export const EvaluationSpecSchema = z.object({
  /** Size of the fixed, seeded evaluation subset of the training split. */
  count: z.number().int().positive(),
  seed: z.number().int().default(0),
  batchSize: z.number().int().positive().max(8192).default(256),
  /** Also evaluate on the test split (its first `testCount` examples of a seeded shuffle). */
  includeTest: z.boolean().default(false),
  testCount: z.number().int().positive().optional(),
});
export type EvaluationSpec = z.infer<typeof EvaluationSpecSchema>;

export const SurfaceModeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exact') }),
  /** An exact lattice, interpolated where its own error estimate fits the tolerance, refined where the surface bends: error measured on exact check points and reported. */
  z.object({ kind: z.literal('fast'), tolerance: z.number().positive().max(0.5).default(0.01) }),
]);
export type SurfaceMode = z.infer<typeof SurfaceModeSchema>;

export const SurfaceRecipeSchema = z.object({
  direction: DirectionKindSchema.default('random'),
  /** Seed of the Gaussian random directions (`random`, and the random axis of `act-param`). */
  seed: z.number().int().default(0),
  normalization: NormalizationSchema.default('filter'),
  /** `biasbn`: parameters of rank ≤ 1 get a zero direction; `none`: their direction is the parameter itself. */
  ignore: z.enum(['biasbn', 'none']).default('biasbn'),
  /** Whether trainable activation parameters move with the plane or stay at their trained values. */
  activationParams: z.enum(['fixed', 'move']).default('fixed'),
  x: AxisSchema.default({ min: -1, max: 1, num: 51 }),
  /** Absent for a 1D line. */
  y: AxisSchema.nullable().default({ min: -1, max: 1, num: 51 }),
  /** `models`: ids of the 2 or 3 runs spanning the line or plane (the surface's run is the origin). */
  models: z.array(z.string()).max(3).optional(),
  /** `act-param`: the activation parameter (e.g. `z`, `k`) whose absolute value is the y axis (x is a random direction; 1D: x is the parameter). */
  activationParam: z.string().max(20).optional(),
  /** `file`: the direction file (reference format: xdirection/<i>, ydirection/<i> in PyTorch parameters() order) and its SHA-256, checked before use. */
  directionsFile: z.object({ path: z.string().min(1).max(4096), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
  /**
   * Evolution frame (`surface --evolution`, random planes): the surface around the checkpoint of this
   * epoch — and, for a run checkpointed by steps, of this global step (absent for checkpoints by epochs).
   * The directions are normalised once against the final weights (the same plane for every
   * frame), or, with `renormalise`, against this checkpoint's own weights.
   */
  checkpoint: z
    .object({ epoch: z.number().int().nonnegative(), step: z.number().int().nonnegative().optional(), renormalise: z.boolean() })
    .optional(),
  /** `hessian`: Lanczos settings (absent: 40 steps, tolerance 1e-4); the Hessian is of the evaluation subset's loss. */
  lanczos: z.object({ maxSteps: z.number().int().min(2).max(500), tolerance: z.number().positive().max(0.1) }).optional(),
  evaluation: EvaluationSpecSchema,
  mode: SurfaceModeSchema.default({ kind: 'exact' }),
});
export type SurfaceRecipe = z.infer<typeof SurfaceRecipeSchema>;
export type SurfaceRecipeInput = z.input<typeof SurfaceRecipeSchema>;

export const SurfaceMetricsSchema = z.object({
  centre: z.object({ loss: measured, accuracy: measured }),
  minimum: z.object({
    loss: measured,
    x: z.number(),
    y: z.number(),
    /** Euclidean distance of the grid minimum from the centre, in plane coordinates. */
    offset: z.number(),
    centreIsMinimum: z.boolean(),
  }),
  /** Second derivative of a local quadratic fit through the centre along each axis. */
  curvature: z.object({ x: measured.nullable(), y: measured.nullable() }),
  /** ε-sharpness on the plane: (max over the ε-ball of L − L₀) / (1 + L₀) × 100. */
  sharpness: z.object({ epsilon: z.number(), value: measured }),
  basin: z.object({
    /** Fraction of grid points with loss below 2 × the centre loss. */
    belowTwiceCentre: z.number(),
    threshold: z.number().nullable(),
    belowThreshold: z.number().nullable(),
  }),
  roughness: z.object({
    /** Mean |discrete Laplacian| ÷ mean loss. */
    laplacian: measured,
    localMinima: z.number().int().nonnegative(),
  }),
  hessian: z
    .object({
      topEigenvalue: measured,
      powerIterations: z.number().int(),
      trace: measured,
      traceSamples: z.number().int(),
      /** Standard error of the Hutchinson trace over its samples. */
      traceStandardError: measured.optional(),
    })
    .nullable(),
  nonFinitePoints: z.number().int().nonnegative(),
  /** Human-readable warnings, e.g. "the centre is not the grid minimum". */
  warnings: z.array(z.string()),
});
export type SurfaceMetrics = z.infer<typeof SurfaceMetricsSchema>;

export const TrajectoryPointSchema = z.object({
  epoch: z.number().int().nonnegative(),
  /** Global step of the checkpoint, for runs checkpointed by steps (absent otherwise). */
  step: z.number().int().nonnegative().optional(),
  x: z.number(),
  y: z.number(),
  /** Distance of the checkpoint from the PCA plane (the part the plane cannot show). */
  distance: z.number().nonnegative(),
});
export type TrajectoryPoint = z.infer<typeof TrajectoryPointSchema>;

export const SurfaceArrayNameSchema = z.enum(['trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy']);
export type SurfaceArrayName = z.infer<typeof SurfaceArrayNameSchema>;

export const HessianPlaneSchema = z.object({
  /** Largest magnitude first: d₁'s, then d₂'s. */
  eigenvalues: z.array(measured),
  residuals: z.array(measured),
  lanczosSteps: z.number().int(),
  products: z.number().int(),
  parameters: z.number().int(),
  examples: z.number().int(),
  /** Euclidean length of each direction: ‖θ‖ of the moved parameters, or 1 (normalisation none). */
  length: z.number(),
  method: z.string(),
});
export type HessianPlane = z.infer<typeof HessianPlaneSchema>;

/** What surface.json holds; the grids themselves are raw float32 entries beside it. */
export const SurfaceHeaderSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,127}$/),
  runId: z.string(),
  label: z.string(),
  recipe: SurfaceRecipeSchema,
  xCoordinates: z.array(z.number()),
  /** Empty for a 1D line. */
  yCoordinates: z.array(z.number()),
  arrays: z.array(SurfaceArrayNameSchema),
  /** Points computed so far (all of them once complete). */
  completedPoints: z.number().int().nonnegative(),
  metrics: SurfaceMetricsSchema.nullable(),
  /** PCA plane: explained variance of the two components and each checkpoint's projection. */
  pca: z
    .object({ explainedVariance: z.tuple([z.number(), z.number()]), trajectory: z.array(TrajectoryPointSchema) })
    .nullable()
    .default(null),
  /**
   * Evolution frame: every checkpoint of the run in this frame's plane coordinates (least-squares projection
   * of θ_epoch − θ_centre onto d₁, d₂; distance = what the plane cannot show); the frame's own checkpoint is at (0, 0).
   */
  trajectory: z.array(TrajectoryPointSchema).nullish(),
  /** Hessian plane: the eigenvalues of d₁ (and d₂), their measured residuals ‖Hv − λv‖ ÷ |λ|, and how they were found. */
  hessianPlane: HessianPlaneSchema.nullish(),
  /** Fast mode: the measured maximum relative error against exact points, and how it was measured. */
  measuredError: z
    .object({
      maxRelative: measured,
      checkedPoints: z.number().int(),
      /** Points the fast mode estimated (sampled or interpolated) rather than computed on every example; 0: nothing to check. */
      estimatedPoints: z.number().int().optional(),
    })
    .nullable()
    .default(null),
  timing: z.object({ seconds: z.number(), workers: z.number().int(), backend: z.string() }),
  createdAt: z.string(),
});
export type SurfaceHeader = z.infer<typeof SurfaceHeaderSchema>;

/** A surface in memory: the header plus its grids, stored as Z[y][x] flattened (index y·nx + x). */
export interface SurfaceData extends SurfaceHeader {
  values: Partial<Record<SurfaceArrayName, Float32Array>> & { trainLoss: Float32Array; trainAccuracy: Float32Array };
  /** 0: still to do (the reference marks these −1); 1: computed on the whole evaluation subset;
   * 2: estimated from an adaptive sample (fast mode); 3: interpolated (fast mode). */
  done: Uint8Array;
}
