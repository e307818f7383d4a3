/**
 * The metrics phase of a complete surface, with its own progress (issue 15):
 * the grid is done, so the job's count stands at its points while the
 * Hessian's λmax and Tr H take their products; the phase reports those
 * ("Hessian λmax and Tr H of ReLU: 7 / 30") with their own ETA, instead of a
 * bar at 100 % for a minute. A cancel stops it between two products.
 */
import type { SurfaceData, SurfaceJob } from '../../contract.ts';
import { finishSurface } from '../surfaces/finish-surface.ts';
import type { SurfaceEvaluator } from '../surfaces/surface-evaluator.ts';
import type { JobContext } from './job-context.ts';

/** The phase's name, for people (and the CLI's progress lines). */
export const metricsPhaseName = (label: string, hessian: boolean): string => (hessian ? `Hessian λmax and Tr H of ${label}` : `Metrics of ${label}`);

/**
 * Sets the surface's metrics. Returns true when the job was cancelled during
 * the Hessian: the surface then holds its grid metrics without λmax and Tr H,
 * ready to be saved; the caller saves it and ends the job as cancelled.
 */
export async function runMetricsPhase(
  surface: SurfaceData,
  evaluator: SurfaceEvaluator,
  job: Pick<SurfaceJob, 'hessian' | 'basinThreshold' | 'recipe'>,
  context: JobContext,
  at: { runId?: string; done: number; total: number },
): Promise<boolean> {
  const phase = metricsPhaseName(surface.label, job.hessian !== false);
  const where = { phase, done: at.done, total: at.total, ...(at.runId ? { runId: at.runId } : {}) };
  // With the Hessian, its first count (0 of the plan) opens the phase.
  if (job.hessian === false) context.progress(where, true);
  try {
    await finishSurface(surface, evaluator, job, {
      // The first report (0 of the plan) and the last (all done) are sent at once; the rest are throttled.
      onHessianProgress: (count) => context.progress({ ...where, phaseCount: count }, count.done === 0 || count.done === count.total),
      shouldStop: () => context.signal.aborted,
    });
    return false;
  } catch (error) {
    if (context.signal.aborted) return true;
    throw error;
  }
}
