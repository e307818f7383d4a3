/**
 * Which surfaces the views show, and how: the field of the chosen grid, the
 * z scale (own or shared), the default surfaces to compare (the latest of
 * each run), and a one-line description of a surface's plane.
 */
import type { SurfaceView } from '../../src-main/contract/app.ts';
import type { SurfaceArrayName } from '../../src-main/contract/surface.ts';
import { fieldFromSurface, type GridField } from './grid-field.ts';
import { describeRecipe } from './surface-recipe.ts';
import { makeZScale, type ZScale } from './z-scale.ts';

export interface DrawOptions {
  array: SurfaceArrayName;
  logScale: boolean;
  clipMax: number | null;
}

/** The chosen grid of a surface, falling back to its train loss when it lacks that grid. */
export function fieldFor(surface: SurfaceView, array: SurfaceArrayName): GridField {
  const field = fieldFromSurface(surface, array) ?? fieldFromSurface(surface, 'trainLoss');
  if (!field) throw new Error(`Surface ${surface.id} holds no train-loss grid.`);
  return field;
}

/** A scale for `fields` together (one field: its own). Accuracies are never drawn on a log scale. */
export function scaleFor(fields: readonly GridField[], options: Pick<DrawOptions, 'logScale' | 'clipMax'>): ZScale {
  const accuracy = fields.some((f) => f.kind === 'accuracy');
  return makeZScale(fields, { kind: options.logScale && !accuracy ? 'log' : 'linear', clipMax: accuracy ? null : options.clipMax });
}

/** The most recent surface of each run, in run order. */
export function latestPerRun(surfaces: readonly SurfaceView[], runOrder: readonly string[]): SurfaceView[] {
  const latest = new Map<string, SurfaceView>();
  for (const s of surfaces) {
    const current = latest.get(s.runId);
    if (!current || s.createdAt >= current.createdAt) latest.set(s.runId, s);
  }
  const rank = (runId: string): number => {
    const i = runOrder.indexOf(runId);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...latest.values()].sort((a, b) => rank(a.runId) - rank(b.runId));
}

/** The grids every one of the surfaces holds (what a shared view can switch between). */
export function commonArrays(surfaces: readonly SurfaceView[]): SurfaceArrayName[] {
  const all: SurfaceArrayName[] = ['trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy'];
  if (surfaces.length === 0) return ['trainLoss'];
  return all.filter((a) => surfaces.every((s) => s.values[a] !== undefined));
}

/** "random · filter · 21×21 · [−1, 1] · 1000 ex." */
export function surfaceSubtitle(surface: SurfaceView): string {
  const recipe = surface.recipe;
  const parts = [describeRecipe(recipe), `${recipe.evaluation.count} ex.`];
  if (recipe.mode.kind === 'fast') parts.push('fast');
  if (surface.completedPoints < surface.done.length) parts.push(`${surface.completedPoints}/${surface.done.length} pts`);
  return parts.join(' · ');
}

/**
 * A surface in the picker: its label without the plane type the subtitle
 * names anyway ("ReLU — random · filter · 21×21 …", not "ReLU · random — random · …").
 */
export function pickerLabel(surface: SurfaceView): string {
  return `${surfaceName(surface)} — ${surfaceSubtitle(surface)}`;
}

/** A surface's label without the plane type ("ReLU", not "ReLU · random"). */
export function surfaceName(surface: Pick<SurfaceView, 'label' | 'recipe'>): string {
  const suffix = ` · ${surface.recipe.direction}`;
  return surface.label.endsWith(suffix) ? surface.label.slice(0, -suffix.length) : surface.label;
}

/**
 * A runtime description for a header: what ran, with the backends it skipped
 * and why moved to a tooltip (issue 15: "TensorFlow.js wasm (skipped node-gpu:
 * … ; node: …)" filled the surface's header line).
 */
export function runtimeSummary(text: string): { short: string; skipped: string | null } {
  const match = /^(.*?)\s*\((\w[\w-]* skipped[^]*|skipped [^]*)\)(.*)$/.exec(text);
  if (!match) return { short: text, skipped: null };
  return { short: `${match[1]}${match[3]}`.trim(), skipped: match[2] };
}
