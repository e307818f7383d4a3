/**
 * The examples a surface is evaluated on: a fixed, seeded subset of the
 * training split (and optionally of the test split). The fast mode reads
 * examples in order and stops early, so its subset is in a seeded random
 * order: the batches it reads first are a random sample, whatever the order
 * of the files. Every evaluator (TensorFlow.js, ONNX Runtime) and the
 * reference export use this one selection.
 */
import type { SurfaceRecipe } from '../../contract.ts';
import { evaluationSubset, type Dataset } from '../data/load-dataset.ts';
import { permutation } from '../data/seeded-random.ts';
import type { SplitView } from '../training/batches.ts';

function shuffled(split: SplitView, seed: number): SplitView {
  const order = permutation(split.count, seed);
  const per = split.x.length / Math.max(1, split.count);
  const x = new Float32Array(split.x.length);
  const y = new Uint8Array(split.count);
  order.forEach((from, to) => {
    x.set(split.x.subarray(from * per, (from + 1) * per), to * per);
    y[to] = split.y[from]!;
  });
  return { x, y, count: split.count };
}

export interface EvaluationSplits {
  /** NHWC float32 after preprocessing, in evaluation order. */
  train: SplitView;
  test: SplitView | null;
}

export function evaluationSplits(recipe: SurfaceRecipe, dataset: Dataset): EvaluationSplits {
  const { evaluation } = recipe;
  if (recipe.mode.kind === 'fast' && evaluation.includeTest) {
    throw new Error('The fast mode estimates the training loss only; compute test values with an exact surface.');
  }
  const subset = evaluationSubset(dataset.train, Math.min(evaluation.count, dataset.train.count), evaluation.seed);
  const train = recipe.mode.kind === 'fast' ? shuffled(subset, evaluation.seed + 1) : subset;
  let test: SplitView | null = null;
  if (evaluation.includeTest) {
    const count = Math.min(evaluation.testCount ?? evaluation.count, dataset.test.count);
    test = evaluationSubset(dataset.test, count, evaluation.seed);
  }
  return { train, test };
}
