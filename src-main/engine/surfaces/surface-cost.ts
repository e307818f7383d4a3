/**
 * A surface's cost before it is computed (the estimate before Compute,
 * issue 15): one-off setup plus points × the per-point cost. The first
 * points a fresh evaluator computes also pay its warm-up (an ONNX Runtime
 * session's first runs allocate every intermediate; TensorFlow.js compiles
 * its kernels): measured for TSQRT_tanh on the quick net, its first two
 * points take ~2 s each, the rest ~0.6 s. So the first WARM_UP_POINTS are
 * setup, counted once per surface as the computation pays them, and the
 * per-point cost is the median of the STEADY_POINTS after them (a point's
 * time varies by ±50 % on a loaded machine).
 */
import type { SurfaceEvaluator } from './surface-evaluator.ts';

/** Points timed first, whose time beyond the per-point cost is warm-up. */
export const WARM_UP_POINTS = 2;
/** Points timed after those; their median is the per-point cost. */
export const STEADY_POINTS = 4;

export interface SurfaceCost {
  /** Seconds per surface paid once: building the plane and the evaluator, and the first points' warm-up. */
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
 * seconds of the warm-up points and of the steady points after them. With
 * no steady point (a tiny grid), the last warm-up point stands for every point.
 */
export function costFromTimings(planeSeconds: number, warmUpSeconds: readonly number[], steadySeconds: readonly number[]): SurfaceCost {
  const secondsPerPoint = steadySeconds.length ? median(steadySeconds) : (warmUpSeconds.at(-1) ?? 0);
  const warmUp = warmUpSeconds.reduce((sum, seconds) => sum + Math.max(0, seconds - secondsPerPoint), 0);
  return { setupSeconds: planeSeconds + warmUp, secondsPerPoint };
}

/** Total seconds: setup once per surface, then every point, shared by `parallel` processes. */
export function estimatedSeconds(cost: SurfaceCost, surfaces: number, points: number, parallel: number): number {
  return surfaces * cost.setupSeconds + (points * cost.secondsPerPoint) / Math.max(1, parallel);
}

/** Times the first WARM_UP_POINTS + STEADY_POINTS of `pending` (at least one point) on a fresh evaluator. */
export async function measureSurfaceCost(evaluator: Pick<SurfaceEvaluator, 'evaluate'>, pending: readonly number[], planeSeconds: number): Promise<SurfaceCost> {
  const seconds: number[] = [];
  for (const index of pending.length ? pending.slice(0, WARM_UP_POINTS + STEADY_POINTS) : [0]) {
    const started = performance.now();
    await evaluator.evaluate(index);
    seconds.push((performance.now() - started) / 1000);
  }
  return costFromTimings(planeSeconds, seconds.slice(0, WARM_UP_POINTS), seconds.slice(WARM_UP_POINTS));
}
