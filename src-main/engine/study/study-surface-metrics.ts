/**
 * Surface metrics at the study's grid size. The surface job's ε-sharpness
 * ball defaults to a tenth of the axis half-width, which on an 11×11 grid
 * holds no point but the centre (a sharpness of 0 by construction); a study
 * widens ε to one grid step so the ball always holds the centre's four
 * neighbours. The ε used is recorded in the metrics.
 */
import type { RunData, SurfaceData } from '../../contract.ts';
import { gridFromCoordinates, surfaceMetrics } from '../landscape/index.ts';

/** Where the trained model sits in the surface's plane coordinates (on an act-param axis: at its trained parameter value). */
export function surfaceCentre(surface: Pick<SurfaceData, 'recipe'>, run: Pick<RunData, 'history'> | undefined): { x: number; y: number } {
  if (surface.recipe.direction !== 'act-param') return { x: 0, y: 0 };
  const param = surface.recipe.activationParam;
  const values = Object.entries(run?.history.at(-1)?.activationParams ?? {})
    .filter(([name]) => name.endsWith(`/${param}`))
    .flatMap(([, v]) => v);
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
  return surface.recipe.y ? { x: 0, y: mean } : { x: mean, y: 0 };
}

/** Sharpness radius: one grid step along x, or the default tenth of the half-width when that is larger. */
export function studyEpsilon(xCoordinates: readonly number[]): number {
  const halfWidth = (Math.max(...xCoordinates) - Math.min(...xCoordinates)) / 2;
  const step = xCoordinates.length > 1 ? Math.abs(xCoordinates[1] - xCoordinates[0]) : 0;
  return Math.max(0.1 * halfWidth, step);
}

/** The surface with its metrics recomputed at the study's ε (the Hessian estimate is kept). */
export function withStudyMetrics(surface: SurfaceData, run: Pick<RunData, 'history'> | undefined): SurfaceData {
  if (!surface.metrics) return surface;
  const grid = gridFromCoordinates(surface.xCoordinates, surface.yCoordinates);
  const metrics = surfaceMetrics(grid, surface.values.trainLoss, surface.values.trainAccuracy, {
    centre: surfaceCentre(surface, run),
    epsilon: studyEpsilon(surface.xCoordinates),
  });
  return { ...surface, metrics: { ...metrics, hessian: surface.metrics.hessian } };
}
