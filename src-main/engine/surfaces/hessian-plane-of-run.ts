/**
 * The Hessian-eigenvector plane of one run for a surface recipe: the Hessian
 * of the loss on the recipe's evaluation subset (the examples the surface is
 * evaluated on), at the trained weights. Deterministic (seeded Lanczos start),
 * so every process that needs the plane — evaluator, pool worker, export,
 * verify — computes the same one; within a process it is computed once per
 * (run, recipe, weights).
 */
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { HessianPlane, SurfaceRecipe } from '../../contract.ts';
import type { Dataset } from '../data/load-dataset.ts';
import { hessianPlane } from '../landscape/hessian-plane.ts';
import { batchRanges } from '../network/evaluate.ts';
import { BatchGatherer } from '../training/batches.ts';
import type { WeightLayout } from '../training/weights.ts';
import { evaluationSplits } from './evaluation-data.ts';
import { recipeDigest } from './surface-journal.ts';

/** What the job that waits for a Hessian plane hears of it: Lanczos's products done of those planned, and whether to stop. */
export interface PlaneProgress {
  onProducts?: (count: { done: number; total: number }) => void;
  signal?: AbortSignal;
}

export interface RunHessianPlane {
  d1: Float32Array;
  d2: Float32Array | null;
  info: HessianPlane;
}

const memo = new Map<string, Promise<RunHessianPlane>>();
const MEMO_SIZE = 4;

async function compute(model: tfl.LayersModel, layout: WeightLayout, recipe: SurfaceRecipe, dataset: Dataset, progress: PlaneProgress): Promise<RunHessianPlane> {
  const { train } = evaluationSplits({ ...recipe, mode: { kind: 'exact' } }, dataset);
  const gatherer = new BatchGatherer(train, dataset.inputShape);
  const batches = batchRanges(train.count, recipe.evaluation.batchSize).map(([start, end]) => gatherer.range(start, end));
  const count = recipe.y ? 2 : 1;
  // Most Lanczos steps, then one residual check per direction; Lanczos may stop early, and the count then ends at what it took.
  const planned = (recipe.lanczos?.maxSteps ?? 40) + count;
  let done = 0;
  progress.onProducts?.({ done, total: planned });
  try {
    const result = await hessianPlane(model, batches, layout, {
      seed: recipe.seed,
      normalization: recipe.normalization,
      ignore: recipe.ignore,
      activationParams: recipe.activationParams,
      count,
      maxSteps: recipe.lanczos?.maxSteps,
      tolerance: recipe.lanczos?.tolerance,
      // A macrotask turn between products lets the engine read its messages (a cancel among them).
      checkpoint: async () => {
        if (done > 0) progress.onProducts?.({ done, total: planned });
        done += 1;
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        if (progress.signal?.aborted) throw new Error('Cancelled while finding the Hessian plane.');
      },
    });
    progress.onProducts?.({ done: result.info.products, total: result.info.products });
    return { d1: result.directions[0], d2: result.directions[1] ?? null, info: result.info };
  } finally {
    tf.dispose(batches.flatMap((b) => [b.x, b.y]));
  }
}

export async function hessianPlaneOfRun(
  runId: string,
  model: tfl.LayersModel,
  theta: Float32Array,
  layout: WeightLayout,
  recipe: SurfaceRecipe,
  dataset: Dataset | undefined,
  progress: PlaneProgress = {},
): Promise<RunHessianPlane> {
  if (!dataset) throw new Error('A Hessian plane needs the data set its Hessian is of.');
  const weights = createHash('sha256').update(new Uint8Array(theta.buffer, theta.byteOffset, theta.byteLength)).digest('hex');
  const key = `${recipeDigest(runId, recipe)}:${weights}:${dataset.identity.sha256}`;
  let entry = memo.get(key);
  if (!entry) {
    entry = compute(model, layout, recipe, dataset, progress);
    memo.set(key, entry);
    entry.catch(() => memo.delete(key));
    while (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value!);
  }
  const plane = await entry;
  // Copies: callers may keep or change their directions.
  return { d1: plane.d1.slice(), d2: plane.d2?.slice() ?? null, info: plane.info };
}
