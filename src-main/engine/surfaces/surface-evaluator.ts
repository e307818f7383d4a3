/**
 * What the surface job asks of an evaluator, whichever runtime evaluates the
 * points (TensorFlow.js in point-evaluator.ts, ONNX Runtime in
 * ort-evaluator.ts). The TensorFlow.js model and batches stay available for
 * what only it computes: the Hessian at the centre (double backprop).
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { PointResult } from '../../contract.ts';
import type { AdaptiveEstimate, ControlVariate } from '../landscape/adaptive-estimate.ts';
import type { SurfaceGrid } from '../landscape/index.ts';
import type { LabelledBatch } from '../network/evaluate.ts';
import type { SurfacePlane } from './surface-plane.ts';

export type PointEstimator = { kind: 'exact' } | { kind: 'adaptive'; tolerance: number; centre: ControlVariate };

export interface SurfaceEvaluator {
  readonly grid: SurfaceGrid;
  readonly plane: SurfacePlane;
  /** The runtime that evaluates points, for the record: "onnxruntime 1.30.0 cpu, 2 threads". */
  readonly runtime: string;
  /** Whether pool worker processes can share the points (false: the runtime uses every core itself). */
  readonly usesWorkerPool: boolean;
  /** Number of examples of the training evaluation subset. */
  readonly trainCount: number;
  /** The trained model (TensorFlow.js), at its trained weights after `restore()`. */
  readonly model: tfl.LayersModel;
  /** The training evaluation subset as TensorFlow.js batches (the Hessian's input). */
  readonly trainBatches: LabelledBatch[];
  evaluate(index: number): Promise<PointResult>;
  centrePass(): Promise<ControlVariate>;
  evaluateAdaptive(index: number, centre: ControlVariate, tolerance: number): Promise<PointResult>;
  evaluateWith(index: number, estimator: PointEstimator): Promise<PointResult>;
  /** Puts the trained weights back into `model` (bit-identical). */
  restore(): void;
  dispose(): void | Promise<void>;
}

/** A fast-mode point from its adaptive estimate: `exact` once it used the whole subset. */
export function adaptivePoint(index: number, estimate: AdaptiveEstimate, trainCount: number): PointResult {
  const kind = estimate.examples >= trainCount ? 'exact' : 'sampled';
  return { index, kind, examples: estimate.examples, trainLoss: estimate.loss, trainAccuracy: estimate.accuracy };
}
