/**
 * Creating surface records and filling in computed points. A surface's id is
 * derived from its run and recipe, so the same recipe always names the same
 * surface: resume, shards and merge find each other by it.
 */
import { checkpointLabel, type PointResult, type SurfaceArrayName, type SurfaceData, type SurfaceRecipe } from '../../contract.ts';
import { axisCoordinates } from '../landscape/grid.ts';
import { POINT_KINDS, recipeDigest } from './surface-journal.ts';

export function surfaceIdFor(runId: string, recipe: SurfaceRecipe): string {
  return `${runId}.${recipe.direction}.${recipeDigest(runId, recipe).slice(0, 8)}`;
}

export function pointCount(recipe: SurfaceRecipe): number {
  return recipe.x.num * (recipe.y ? recipe.y.num : 1);
}

export function emptySurface(runId: string, runLabel: string, recipe: SurfaceRecipe, backend: string): SurfaceData {
  const points = pointCount(recipe);
  const arrays: SurfaceArrayName[] = recipe.evaluation.includeTest
    ? ['trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy']
    : ['trainLoss', 'trainAccuracy'];
  const values = Object.fromEntries(arrays.map((name) => [name, new Float32Array(points).fill(NaN)])) as SurfaceData['values'];
  return {
    id: surfaceIdFor(runId, recipe),
    runId,
    label: `${runLabel} · ${recipe.direction}${recipe.y ? '' : ' (1D)'}${recipe.checkpoint ? ` @ ${checkpointLabel(recipe.checkpoint)}` : ''}`,
    recipe,
    xCoordinates: axisCoordinates(recipe.x),
    yCoordinates: recipe.y ? axisCoordinates(recipe.y) : [],
    arrays,
    completedPoints: 0,
    metrics: null,
    pca: null,
    measuredError: null,
    timing: { seconds: 0, workers: 1, backend },
    createdAt: new Date().toISOString(),
    values,
    done: new Uint8Array(points),
  };
}

/** Writes computed points into the surface; a point already done is never counted twice. */
export function applyPoints(surface: SurfaceData, points: readonly PointResult[]): number {
  let added = 0;
  for (const point of points) {
    if (point.index >= surface.done.length) throw new Error(`Point ${point.index} is outside surface ${surface.id}.`);
    surface.values.trainLoss[point.index] = point.trainLoss;
    surface.values.trainAccuracy[point.index] = point.trainAccuracy;
    if (surface.values.testLoss && point.testLoss !== undefined) surface.values.testLoss[point.index] = point.testLoss;
    if (surface.values.testAccuracy && point.testAccuracy !== undefined) surface.values.testAccuracy[point.index] = point.testAccuracy;
    if (!surface.done[point.index]) added += 1;
    surface.done[point.index] = POINT_KINDS[point.kind];
  }
  surface.completedPoints += added;
  return added;
}

export function missingPoints(surface: SurfaceData, candidates: Iterable<number>): number[] {
  const missing: number[] = [];
  for (const index of candidates) if (!surface.done[index]) missing.push(index);
  return missing;
}
