/**
 * What a complete surface gets before it is stored: its metrics, the Hessian
 * at the trained model (at the checkpoint for an evolution frame, whose
 * centre that is), and (for a PCA plane) the projected trajectory.
 */
import type { SurfaceData, SurfaceJob } from '../../contract.ts';
import { gridFromCoordinates, hessianEstimate, surfaceMetrics, type HessianProgress } from '../landscape/index.ts';
import type { LabelledBatch } from '../network/evaluate.ts';
import { readAllWeights, writeAllWeights } from '../training/weights.ts';
import type { SurfaceEvaluator } from './surface-evaluator.ts';

/** The first batches of the evaluation subset holding at least `examples` examples. */
function leadingBatches(batches: readonly LabelledBatch[], examples: number): LabelledBatch[] {
  const chosen: LabelledBatch[] = [];
  let count = 0;
  for (const batch of batches) {
    if (count >= examples) break;
    chosen.push(batch);
    count += batch.x.shape[0];
  }
  return chosen;
}

/** What the caller sees of the Hessian's cost while it runs, and how it stops it. */
export interface FinishOptions {
  /** Products done of those planned (λmax power iterations, then Tr H samples): the metrics phase's own count. */
  onHessianProgress?: (progress: HessianProgress) => void;
  /** Checked between Hessian-vector products: true stops the estimate with an error (a cancel), the grid metrics already set. */
  shouldStop?: () => boolean;
}

/**
 * Sets the surface's metrics: the grid's first (instant), then the Hessian's
 * λmax and Tr H (the long part). Stopped during the Hessian, it throws with
 * the surface holding its grid metrics and no Hessian, ready to be saved.
 */
export async function finishSurface(
  surface: SurfaceData,
  evaluator: SurfaceEvaluator,
  job: Pick<SurfaceJob, 'hessian' | 'basinThreshold' | 'recipe'>,
  options: FinishOptions = {},
): Promise<void> {
  const grid = gridFromCoordinates(surface.xCoordinates, surface.yCoordinates);
  const metrics = surfaceMetrics(grid, surface.values.trainLoss, surface.values.trainAccuracy, {
    centre: evaluator.plane.centre,
    threshold: job.basinThreshold ?? null,
  });
  surface.metrics = metrics;
  surface.pca = evaluator.plane.pca;
  if (evaluator.plane.hessian) surface.hessianPlane = evaluator.plane.hessian;
  if (evaluator.plane.trajectory) surface.trajectory = evaluator.plane.trajectory;
  if (job.hessian === false) return;
  evaluator.restore();
  // An evolution frame is centred on its checkpoint: its λmax and trace are of those weights.
  const origin = job.recipe.checkpoint ? evaluator.plane.origin : null;
  const trained = origin ? readAllWeights(evaluator.model) : null;
  if (origin) writeAllWeights(evaluator.model, origin);
  const hessian = job.hessian;
  const estimate = await hessianEstimate(evaluator.model, leadingBatches(evaluator.trainBatches, hessian.examples), {
    iterations: hessian.iterations,
    samples: hessian.samples,
    seed: job.recipe.seed,
    onProgress: options.onHessianProgress,
    shouldStop: options.shouldStop,
  }).finally(() => {
    if (trained) writeAllWeights(evaluator.model, trained);
  });
  metrics.hessian = {
    topEigenvalue: estimate.topEigenvalue,
    powerIterations: estimate.powerIterations,
    trace: estimate.trace,
    traceSamples: estimate.traceSamples,
    traceStandardError: estimate.traceStandardError,
  };
}
