/**
 * Which runtime evaluates a surface: ONNX Runtime (CUDA where installed, else
 * CPU) first, TensorFlow.js as the fallback; `evaluator` forces one. A
 * surface recomputed for verification uses the runtime its record names.
 */
import type { RunData, Snapshot, SurfaceEvaluatorChoice, SurfaceRecipe } from '../../contract.ts';
import type { Dataset } from '../data/load-dataset.ts';
import { activationNodeCount } from '../interop/onnx/activation-ops.ts';
import type { PlaneProgress } from './hessian-plane-of-run.ts';
import { OrtPointEvaluator, type OrtPlaneMode } from './ort-evaluator.ts';
import { PointEvaluator } from './point-evaluator.ts';
import type { SurfaceEvaluator } from './surface-evaluator.ts';

export interface ChosenEvaluator {
  evaluator: SurfaceEvaluator;
  /** Why the preferred runtime did not run, when it did not. */
  fallback: string | null;
}

export async function createSurfaceEvaluator(
  snapshot: Snapshot,
  run: RunData,
  recipe: SurfaceRecipe,
  dataset: Dataset,
  choice: SurfaceEvaluatorChoice = 'auto',
  /** ONNX Runtime's plane mode (ort-evaluator.ts); default: the rule of `defaultOrtMode`. */
  ortMode: OrtPlaneMode = defaultOrtMode(run.spec.activation.name),
  /** A Hessian plane's Lanczos count and cancel signal. */
  progress?: PlaneProgress,
): Promise<ChosenEvaluator> {
  if (choice === 'tfjs') return { evaluator: await PointEvaluator.create(snapshot, run, recipe, dataset, progress), fallback: null };
  const provider = choice === 'onnx-cuda' ? 'cuda' : choice === 'onnx-cpu' ? 'cpu' : 'auto';
  try {
    const evaluator = await OrtPointEvaluator.create(snapshot, run, recipe, dataset, provider, ortMode, progress);
    return { evaluator, fallback: null };
  } catch (error) {
    if (choice !== 'auto' || progress?.signal?.aborted) throw error;
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { evaluator: await PointEvaluator.create(snapshot, run, recipe, dataset, progress), fallback: `ONNX Runtime could not evaluate this network (${reason}); TensorFlow.js did.` };
  }
}

/**
 * The plane mode for a network, a fixed rule, never a timing, so that a
 * surface, its shards and its resumed parts are bit-identical (the two
 * modes' kernels round differently, ~1e-7 relative). Constant weights (a
 * session per point) where the activation is short (≤ 4 ONNX nodes): the
 * optimised constant-weight convolutions win (ReLU, quick preset, 1 thread,
 * 1,000 images: 99–103 ms a point against 113–192 ms). Plane as inputs where
 * it is long: each session's first run allocates every intermediate tensor
 * afresh (TSQRT_tanh: 272–281 ms against 364 ms). `LAB_ORT_PLANE` forces one.
 */
export function defaultOrtMode(activation?: string): OrtPlaneMode {
  const forced = process.env.LAB_ORT_PLANE;
  if (forced === 'constant' || forced === 'inputs') return forced;
  return activation !== undefined && activationNodeCount(activation) <= SHORT_ACTIVATION_NODES ? 'constant' : 'inputs';
}

const SHORT_ACTIVATION_NODES = 4;

/** The runtime (and ONNX Runtime's plane mode) that made a stored surface, from its record's backend text. */
export function evaluatorOfRecord(backend: string): { choice: SurfaceEvaluatorChoice; ortMode: OrtPlaneMode } {
  if (!backend.startsWith('onnxruntime')) return { choice: 'tfjs', ortMode: 'inputs' };
  const choice = backend.includes(' cuda') && !backend.includes('cuda skipped') ? 'onnx-cuda' : 'onnx-cpu';
  return { choice, ortMode: backend.includes('constant graph per point') ? 'constant' : 'inputs' };
}
