/**
 * Evaluates surface points of one run: the trained model, its plane, and a
 * fixed, seeded evaluation subset kept on the backend for the whole surface.
 * Each point writes θ₀ + α·d₁ + β·d₂ into the model's existing variables;
 * `dispose` restores the original weights exactly.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { PointResult, RunData, Snapshot, SurfaceRecipe } from '../../contract.ts';
import { currentBackend, formatBackendReport } from '../backend.ts';
import { loadDataset, type Dataset } from '../data/load-dataset.ts';
import { fullPass, sampleUntilConverged, type ControlVariate, type ExampleValues } from '../landscape/adaptive-estimate.ts';
import { PlanePerturber, pointAt, surfaceGrid, type SurfaceGrid } from '../landscape/index.ts';
import { batchRanges, evaluateBatches, evaluateExamples, type Evaluation, type LabelledBatch } from '../network/evaluate.ts';
import { artifactsToModel } from '../snapshot/model-artifacts.ts';
import { BatchGatherer, type SplitView } from '../training/batches.ts';
import { evaluationSplits } from './evaluation-data.ts';
import { adaptivePoint, type PointEstimator, type SurfaceEvaluator } from './surface-evaluator.ts';
import type { PlaneProgress } from './hessian-plane-of-run.ts';
import { planeForRecipe, type SurfacePlane } from './surface-plane.ts';

/** Loads the snapshot's data set and checks it is the one the models were trained on. */
export async function loadSnapshotDataset(snapshot: Snapshot, options: { cacheDir?: string; signal?: AbortSignal }): Promise<Dataset> {
  const dataset = await loadDataset(snapshot.header.data, options);
  const expected = snapshot.header.dataIdentity.sha256;
  if (dataset.identity.sha256 !== expected) {
    throw new Error(
      `The data set on this machine (${dataset.label}, ${dataset.identity.sha256.slice(0, 12)}…) is not the one the snapshot was trained on (${expected.slice(0, 12)}…); its surfaces would not be comparable.`,
    );
  }
  return dataset;
}

export type { PointEstimator };

function batchesOf(split: SplitView, inputShape: [number, number, number], batchSize: number): LabelledBatch[] {
  const gatherer = new BatchGatherer(split, inputShape);
  return batchRanges(split.count, batchSize).map(([start, end]) => gatherer.range(start, end));
}

export class PointEvaluator implements SurfaceEvaluator {
  readonly usesWorkerPool = true;

  private constructor(
    readonly grid: SurfaceGrid,
    readonly plane: SurfacePlane,
    readonly model: tfl.LayersModel,
    private readonly perturber: PlanePerturber,
    /** The evaluation subset of the training split, on the backend. */
    readonly trainBatches: LabelledBatch[],
    private readonly testBatches: LabelledBatch[] | null,
  ) {}

  static async create(snapshot: Snapshot, run: RunData, recipe: SurfaceRecipe, dataset: Dataset, progress?: PlaneProgress): Promise<PointEvaluator> {
    const model = await artifactsToModel(run.model);
    let perturber: PlanePerturber | null = null;
    try {
      const plane = await planeForRecipe(snapshot, run, model, recipe, dataset, progress);
      perturber = PlanePerturber.create(model, { origin: plane.origin ?? undefined, d1: plane.d1, d2: plane.d2 });
      const { batchSize } = recipe.evaluation;
      const splits = evaluationSplits(recipe, dataset);
      const trainBatches = batchesOf(splits.train, dataset.inputShape, batchSize);
      const testBatches = splits.test ? batchesOf(splits.test, dataset.inputShape, batchSize) : null;
      return new PointEvaluator(surfaceGrid(recipe.x, recipe.y), plane, model, perturber, trainBatches, testBatches);
    } catch (error) {
      perturber?.dispose();
      model.dispose();
      throw error;
    }
  }

  get runtime(): string {
    const backend = currentBackend();
    return backend ? `TensorFlow.js ${formatBackendReport(backend)}` : 'TensorFlow.js';
  }

  get trainCount(): number {
    return this.trainBatches.reduce((n, b) => n + b.x.shape[0], 0);
  }

  /** Loss and accuracy at grid point `index` (Z[y][x] flattened). */
  async evaluate(index: number): Promise<PointResult> {
    const { x, y } = pointAt(this.grid, index);
    this.perturber.moveTo(x, y);
    const train = await evaluateBatches(this.model, this.trainBatches);
    const test: Evaluation | null = this.testBatches ? await evaluateBatches(this.model, this.testBatches) : null;
    return {
      index,
      kind: 'exact',
      examples: train.count,
      trainLoss: train.loss,
      trainAccuracy: train.accuracy,
      ...(test ? { testLoss: test.loss, testAccuracy: test.accuracy } : {}),
    };
  }

  /** The training subset's per-example values at the current weights, batch by batch. */
  private async *trainValues(): AsyncGenerator<ExampleValues> {
    for (const batch of this.trainBatches) yield await evaluateExamples(this.model, batch);
  }

  /** Per-example values at the plane's centre over the whole subset: the fast mode's control variate. */
  async centrePass(): Promise<ControlVariate> {
    this.perturber.moveTo(this.plane.centre.x, this.plane.centre.y);
    return fullPass(this.trainCount, this.trainValues());
  }

  /** Fast mode: as few examples as the tolerance allows, with the centre's values as control variate. */
  async evaluateAdaptive(index: number, centre: ControlVariate, tolerance: number): Promise<PointResult> {
    const { x, y } = pointAt(this.grid, index);
    this.perturber.moveTo(x, y);
    return adaptivePoint(index, await sampleUntilConverged(centre, tolerance, this.trainValues()), this.trainCount);
  }

  evaluateWith(index: number, estimator: PointEstimator): Promise<PointResult> {
    return estimator.kind === 'exact' ? this.evaluate(index) : this.evaluateAdaptive(index, estimator.centre, estimator.tolerance);
  }

  /** Puts the trained weights back (bit-identical) without releasing anything. */
  restore(): void {
    this.perturber.restore();
  }

  dispose(): void {
    this.perturber.restore();
    this.perturber.dispose();
    tf.dispose([...this.trainBatches, ...(this.testBatches ?? [])].flatMap((b) => [b.x, b.y]));
    this.model.dispose();
  }
}
