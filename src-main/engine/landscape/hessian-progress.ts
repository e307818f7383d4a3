/**
 * The count of the metrics phase (issue 15): its cost is Hessian-vector
 * products, each about the same (two gradients over the Hessian's examples):
 * one per power iteration of λmax, then one per Hutchinson sample of Tr H.
 * Power iteration stops early once λmax settles; the total then shrinks to
 * the iterations it took, so `done` only grows and ends at `total`.
 */

export interface HessianPlan {
  /** Most power iterations. */
  iterations: number;
  /** Hutchinson samples. */
  samples: number;
}

export interface HessianStep {
  /** Power iterations done. */
  powerIterations: number;
  /** Whether power iteration has stopped (converged, or reached its most iterations). */
  powerDone: boolean;
  /** Hutchinson samples done. */
  traceSamples: number;
}

export interface HessianProgress {
  done: number;
  total: number;
}

export function hessianProgress(plan: HessianPlan, step: HessianStep): HessianProgress {
  const powerTotal = step.powerDone ? step.powerIterations : Math.max(plan.iterations, step.powerIterations);
  return { done: step.powerIterations + step.traceSamples, total: powerTotal + plan.samples };
}
