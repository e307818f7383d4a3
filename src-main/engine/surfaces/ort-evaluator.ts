/**
 * Evaluates surface points with ONNX Runtime, over the evaluation subset
 * converted to NCHW once. Two ways to move along the plane, chosen per
 * network by a fixed rule (choose-evaluator.ts `defaultOrtMode`):
 * - `constant`: the network with the loss as a graph of constant weights; a
 *   point rewrites the moving weights' bytes and opens a session
 *   (onnx/patchable-model.ts says why: ONNX Runtime optimises only
 *   constant-weight convolutions), evaluated in chunks of 128;
 * - `inputs`: one session for every point, θ₀, d₁, d₂ in the graph and α, β
 *   fed as inputs (onnx/network-graph.ts's plane mode), chunks of ≥ 512.
 * The TensorFlow.js model is kept, unperturbed, for the Hessian; its batches
 * are made only if the Hessian asks for them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Tensor as OrtTensor } from 'onnxruntime-node';
import type { PointResult, RunData, Snapshot, SurfaceRecipe } from '../../contract.ts';
import { APP_VERSION } from '../../app-version.ts';
import type { Dataset } from '../data/load-dataset.ts';
import { buildNetworkGraph, GRAPH_NAMES } from '../interop/onnx/network-graph.ts';
import { buildPatchableModel, writePoint, type PatchableModel } from '../interop/onnx/patchable-model.ts';
import { describeNetwork } from '../interop/network-description.ts';
import { fullPass, sampleUntilConverged, type ControlVariate, type ExampleValues } from '../landscape/adaptive-estimate.ts';
import { pointAt, surfaceGrid, type SurfaceGrid } from '../landscape/index.ts';
import { batchRanges, type LabelledBatch } from '../network/evaluate.ts';
import { artifactsToModel } from '../snapshot/model-artifacts.ts';
import { BatchGatherer, type SplitView } from '../training/batches.ts';
import { readAllWeights } from '../training/weights.ts';
import { evaluationSplits } from './evaluation-data.ts';
import { createOrtSession, loadOrt, releaseOrtSession, type OrtProvider, type OrtSessionInfo } from './ort-runtime.ts';
import { adaptivePoint, type PointEstimator, type SurfaceEvaluator } from './surface-evaluator.ts';
import type { PlaneProgress } from './hessian-plane-of-run.ts';
import { planeForRecipe, type SurfacePlane } from './surface-plane.ts';

interface Chunk {
  input: OrtTensor;
  labels: OrtTensor;
  count: number;
}

interface Sums {
  loss: number;
  correct: number;
  count: number;
}

/** NHWC examples → NCHW ONNX Runtime tensors, `size` examples per chunk. */
async function chunksOf(split: SplitView, inputShape: [number, number, number], size: number): Promise<Chunk[]> {
  const ort = await loadOrt();
  const [h, w, c] = inputShape;
  const per = h * w * c;
  return batchRanges(split.count, size).map(([start, end]) => {
    const n = end - start;
    const nchw = new Float32Array(n * per);
    for (let e = 0; e < n; e++) {
      const from = (start + e) * per;
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          for (let ch = 0; ch < c; ch++) nchw[e * per + (ch * h + y) * w + x] = split.x[from + (y * w + x) * c + ch]!;
    }
    const labels = BigInt64Array.from(split.y.subarray(start, end), (v) => BigInt(v));
    return { input: new ort.Tensor('float32', nchw, [n, c, h, w]), labels: new ort.Tensor('int64', labels, [n]), count: n };
  });
}

export type OrtPlaneMode = 'constant' | 'inputs';

const ORT_MIN_CHUNK = 512;
const CONSTANT_MODE_CHUNK = 128;

export class OrtPointEvaluator implements SurfaceEvaluator {
  readonly usesWorkerPool = false;
  private hessianBatches: LabelledBatch[] | null = null;
  /** The point the current session evaluates (constant mode). */
  private at: { alpha: number; beta: number } | null = null;

  private constructor(
    readonly grid: SurfaceGrid,
    readonly plane: SurfacePlane,
    readonly model: tfl.LayersModel,
    private ort: OrtSessionInfo,
    private readonly patchable: PatchableModel | null,
    private readonly coordinates: { alpha: OrtTensor; beta: OrtTensor | null } | null,
    private readonly train: { split: SplitView; chunks: Chunk[] },
    private readonly test: Chunk[] | null,
    private readonly inputShape: [number, number, number],
    private readonly batchSize: number,
  ) {}

  static async create(
    snapshot: Snapshot,
    run: RunData,
    recipe: SurfaceRecipe,
    dataset: Dataset,
    provider: OrtProvider | 'auto' = 'auto',
    mode: OrtPlaneMode = 'constant',
    progress?: PlaneProgress,
  ): Promise<OrtPointEvaluator> {
    const model = await artifactsToModel(run.model);
    try {
      const plane = await planeForRecipe(snapshot, run, model, recipe, dataset, progress);
      const description = describeNetwork(model);
      const graphPlane = { origin: plane.origin, d1: plane.d1, d2: plane.d2 };
      const weights = readAllWeights(model);
      const patchable = mode === 'constant' ? buildPatchableModel(description, { weights, plane: graphPlane, producerVersion: APP_VERSION }) : null;
      const graph = patchable ? patchable.bytes : buildNetworkGraph(description, { weights, plane: graphPlane, head: 'loss', producerVersion: APP_VERSION });
      const splits = evaluationSplits(recipe, dataset);
      const { batchSize } = recipe.evaluation;
      // ONNX Runtime runs larger batches faster; chunks of at least 512 (the fast mode's first look).
      const forced = Number(process.env.LAB_ORT_CHUNK);
      // A constant-weight session per point: small chunks keep its first run's fresh buffers small.
      const chunk = Number.isInteger(forced) && forced > 0 ? forced : patchable ? CONSTANT_MODE_CHUNK : Math.max(batchSize, ORT_MIN_CHUNK);
      const trainChunks = await chunksOf(splits.train, dataset.inputShape, chunk);
      const testChunks = splits.test ? await chunksOf(splits.test, dataset.inputShape, chunk) : null;
      const session = await createOrtSession(graph, provider);
      const ort = await loadOrt();
      const coordinates = patchable
        ? null
        : { alpha: new ort.Tensor('float32', new Float32Array(1), [1]), beta: plane.d2 ? new ort.Tensor('float32', new Float32Array(1), [1]) : null };
      const grid = surfaceGrid(recipe.x, recipe.y);
      const evaluator = new OrtPointEvaluator(grid, plane, model, session, patchable, coordinates, { split: splits.train, chunks: trainChunks }, testChunks, dataset.inputShape, batchSize);
      // The constant model was written at (0, 0).
      evaluator.at = patchable ? { alpha: 0, beta: 0 } : null;
      return evaluator;
    } catch (error) {
      model.dispose();
      throw error;
    }
  }

  get runtime(): string {
    return `${this.ort.description}, ${this.patchable ? 'constant graph per point' : 'plane as graph inputs'}`;
  }

  get trainCount(): number {
    return this.train.split.count;
  }

  /** The training subset as TensorFlow.js batches, made on first use (only the Hessian needs them). */
  get trainBatches(): LabelledBatch[] {
    if (!this.hessianBatches) {
      const gatherer = new BatchGatherer(this.train.split, this.inputShape);
      this.hessianBatches = batchRanges(this.train.split.count, this.batchSize).map(([start, end]) => gatherer.range(start, end));
    }
    return this.hessianBatches;
  }

  private async moveTo(alpha: number, beta: number): Promise<void> {
    if (this.coordinates) {
      (this.coordinates.alpha.data as Float32Array)[0] = alpha;
      if (this.coordinates.beta) (this.coordinates.beta.data as Float32Array)[0] = beta;
      return;
    }
    if (this.at?.alpha === alpha && this.at.beta === beta) return;
    writePoint(this.patchable!, alpha, beta);
    const next = await createOrtSession(this.patchable!.bytes, this.ort.provider, this.ort.threads);
    await releaseOrtSession(this.ort);
    this.ort = { ...next, description: this.ort.description };
    this.at = { alpha, beta };
  }

  private async run(chunk: Chunk): Promise<{ losses: Float32Array; correct: Float32Array }> {
    const feeds: Record<string, OrtTensor> = { [GRAPH_NAMES.input]: chunk.input, [GRAPH_NAMES.labels]: chunk.labels };
    if (this.coordinates) feeds[GRAPH_NAMES.alpha] = this.coordinates.alpha;
    if (this.coordinates?.beta) feeds[GRAPH_NAMES.beta] = this.coordinates.beta;
    const out = await this.ort.session.run(feeds);
    const losses = out[GRAPH_NAMES.losses]!;
    const correct = out[GRAPH_NAMES.correct]!;
    const values = { losses: (losses.data as Float32Array).slice(), correct: (correct.data as Float32Array).slice() };
    losses.dispose();
    correct.dispose();
    return values;
  }

  private async sums(chunks: readonly Chunk[]): Promise<Sums> {
    const total: Sums = { loss: 0, correct: 0, count: 0 };
    for (const chunk of chunks) {
      const { losses, correct } = await this.run(chunk);
      for (let i = 0; i < losses.length; i++) {
        total.loss += losses[i]!;
        total.correct += correct[i]!;
      }
      total.count += chunk.count;
    }
    return total;
  }

  async evaluate(index: number): Promise<PointResult> {
    const { x, y } = pointAt(this.grid, index);
    await this.moveTo(x, y);
    const train = await this.sums(this.train.chunks);
    const test = this.test ? await this.sums(this.test) : null;
    return {
      index,
      kind: 'exact',
      examples: train.count,
      trainLoss: train.loss / train.count,
      trainAccuracy: train.correct / train.count,
      ...(test ? { testLoss: test.loss / test.count, testAccuracy: test.correct / test.count } : {}),
    };
  }

  /** The training subset's per-example values at the current point, chunk by chunk. */
  private async *trainValues(): AsyncGenerator<ExampleValues> {
    for (const chunk of this.train.chunks) yield await this.run(chunk);
  }

  async centrePass(): Promise<ControlVariate> {
    await this.moveTo(this.plane.centre.x, this.plane.centre.y);
    return fullPass(this.trainCount, this.trainValues());
  }

  async evaluateAdaptive(index: number, centre: ControlVariate, tolerance: number): Promise<PointResult> {
    const { x, y } = pointAt(this.grid, index);
    await this.moveTo(x, y);
    return adaptivePoint(index, await sampleUntilConverged(centre, tolerance, this.trainValues()), this.trainCount);
  }

  evaluateWith(index: number, estimator: PointEstimator): Promise<PointResult> {
    return estimator.kind === 'exact' ? this.evaluate(index) : this.evaluateAdaptive(index, estimator.centre, estimator.tolerance);
  }

  /** The TensorFlow.js model is never perturbed here. */
  restore(): void {}

  async dispose(): Promise<void> {
    if (this.hessianBatches) tf.dispose(this.hessianBatches.flatMap((b) => [b.x, b.y]));
    this.hessianBatches = null;
    for (const chunk of [...this.train.chunks, ...(this.test ?? [])]) {
      chunk.input.dispose();
      chunk.labels.dispose();
    }
    await releaseOrtSession(this.ort);
    this.model.dispose();
  }
}
