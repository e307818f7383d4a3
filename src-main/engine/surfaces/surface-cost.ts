/**
 * A surface's cost before it is computed (the estimate before Compute,
 * issue 15): one-off setup plus points × the per-point cost. The first point
 * a fresh evaluator computes also pays its warm-up (an ONNX Runtime
 * session's first run allocates every intermediate; TensorFlow.js compiles
 * its kernels), several times a point for slow trainable activations, so it
 * is not the per-point cost: the next points are (their median: a point's
 * time varies by ±50 % on a loaded machine, and the second may still carry
 * some warm-up). The warm-up is counted once per surface, as the computation
 * pays it.
 */
import type { SurfaceEvaluator } from './surface-evaluator.ts';

/** Points timed after the first; their median is the per-point cost. */
export const STEADY_POINTS = 4;

export interface SurfaceCost {
  /** Seconds per surface paid once: building the plane and the evaluator, and the first point's warm-up. */
  setupSeconds: number;
  /** Seconds per point once warm. */
  secondsPerPoint: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The cost from measured times: `planeSeconds` (plane + evaluator), the
 * first point's seconds, and the seconds of points after it (none: the
 * first point stands for every point, and nothing else is setup).
 */
export function costFromTimings(planeSeconds: number, firstPointSeconds: number, steadyPointSeconds: readonly number[]): SurfaceCost {
  const secondsPerPoint = steadyPointSeconds.length ? median(steadyPointSeconds) : firstPointSeconds;
  return { setupSeconds: planeSeconds + Math.max(0, firstPointSeconds - secondsPerPoint), secondsPerPoint };
}

/** Total seconds: setup once per surface, then every point, shared by `parallel` processes. */
export function estimatedSeconds(cost: SurfaceCost, surfaces: number, points: number, parallel: number): number {
  return surfaces * cost.setupSeconds + (points * cost.secondsPerPoint) / Math.max(1, parallel);
}

/** Times the first of `pending` and up to STEADY_POINTS after it on a fresh evaluator. */
export async function measureSurfaceCost(evaluator: Pick<SurfaceEvaluator, 'evaluate'>, pending: readonly number[], planeSeconds: number): Promise<SurfaceCost> {
  const timed = async (index: number): Promise<number> => {
    const started = performance.now();
    await evaluator.evaluate(index);
    return (performance.now() - started) / 1000;
  };
  const first = await timed(pending[0] ?? 0);
  const steady: number[] = [];
  for (const index of pending.slice(1, 1 + STEADY_POINTS)) steady.push(await timed(index));
  return costFromTimings(planeSeconds, first, steady);
}
