/**
 * Error bars from several direction seeds in the app (issue 14 item 3): the
 * surfaces of one run computed with the same recipe on random planes of
 * different seeds (`surface --direction-seeds K`, or the form's "Direction
 * seeds") form a group. A group is one row of the Compare table (each metric
 * as mean ± std over its planes) and one "mean of K planes" entry of the
 * surface picker: the per-point mean loss as the height, the per-point
 * standard deviation as the colour.
 */
import type { SurfaceView } from '../../src-main/contract/app.ts';
import type { SurfaceArrayName } from '../../src-main/contract/surface.ts';
import { meanAndSpread } from '../../src-main/contract/noise-rule.ts';
import type { GridField } from './grid-field.ts';
import type { MetricsRow } from './metrics-table.ts';
import { fieldFor, surfaceName } from './surface-selection.ts';

export interface SeedGroup {
  /** The id the picker and the views give the group's mean surface. */
  id: string;
  runId: string;
  /** The run's name ("ReLU"). */
  label: string;
  /** In seed order; at least two, each of a different seed. */
  surfaces: SurfaceView[];
  seeds: number[];
}

/** Ids of mean surfaces start with this (no stored surface id does). */
export const MEAN_ID_PREFIX = 'mean:';

/** What the surfaces of a group share: the run and the recipe but its seed. Null for planes that do not depend on the seed. */
function groupKey(surface: SurfaceView): string | null {
  if (surface.recipe.direction !== 'random' || surface.recipe.checkpoint) return null;
  const { seed: _seed, ...rest } = surface.recipe;
  return JSON.stringify([surface.runId, rest]);
}

/** The groups of two or more surfaces that differ only in their direction seed, in the order their first surface comes. */
export function seedGroups(surfaces: readonly SurfaceView[]): SeedGroup[] {
  const byKey = new Map<string, SurfaceView[]>();
  for (const surface of surfaces) {
    const key = groupKey(surface);
    if (key === null) continue;
    const members = byKey.get(key) ?? [];
    // The same seed twice (a recomputation) counts once: the newest.
    const same = members.findIndex((m) => m.recipe.seed === surface.recipe.seed);
    if (same < 0) members.push(surface);
    else if (surface.createdAt >= members[same].createdAt) members[same] = surface;
    byKey.set(key, members);
  }
  return [...byKey.values()]
    .filter((members) => members.length >= 2)
    .map((members) => {
      const sorted = [...members].sort((a, b) => a.recipe.seed - b.recipe.seed);
      return { id: `${MEAN_ID_PREFIX}${sorted[0].id}`, runId: sorted[0].runId, label: surfaceName(sorted[0]), surfaces: sorted, seeds: sorted.map((s) => s.recipe.seed) };
    });
}

/** The group a surface belongs to, or null. */
export function seedGroupOf(groups: readonly SeedGroup[], surfaceId: string): SeedGroup | null {
  return groups.find((g) => g.id === surfaceId || g.surfaces.some((s) => s.id === surfaceId)) ?? null;
}

/** "3 planes (seeds 0–2)" */
export function planesText(group: Pick<SeedGroup, 'seeds'>): string {
  const { seeds } = group;
  const consecutive = seeds.every((s, i) => i === 0 || s === seeds[i - 1] + 1);
  return `${seeds.length} planes (seeds ${consecutive ? `${seeds[0]}–${seeds.at(-1)}` : seeds.join(', ')})`;
}

/**
 * The mean surface of a group on one of its grids: per point the mean over
 * the planes (a point counts once every plane has computed it), with the
 * standard deviation over the planes as its spread (the colour).
 */
export function meanField(group: SeedGroup, array: SurfaceArrayName): GridField {
  const fields = group.surfaces.map((s) => fieldFor(s, array));
  const first = fields[0];
  const n = first.values.length;
  const done = new Uint8Array(n);
  for (let i = 0; i < n; i++) done[i] = fields.every((f) => f.done[i] === 1) ? 1 : 0;
  const masked = fields.map((f) => f.values.map((v, i) => (done[i] ? v : NaN)));
  const { mean, std } = meanAndSpread(masked);
  const k = fields.length;
  return {
    id: group.id,
    label: `${group.label} · mean of ${k} planes`,
    runId: group.runId,
    quantity: `${first.quantity} (mean)`,
    kind: first.kind,
    xs: first.xs,
    ys: first.ys,
    values: mean,
    done,
    readouts: fields.map((f, j) => ({ quantity: `seed ${group.seeds[j]}`, kind: f.kind, values: f.values })),
    trajectory: null,
    spread: { quantity: `std over ${k} planes`, values: std },
  };
}

/**
 * The Compare table's rows for the compared surfaces: a surface of a group
 * becomes the group's row (once, however many of its planes are compared),
 * with every plane's metrics; any other surface is its own row, as before.
 */
export function compareRows(compared: readonly SurfaceView[], groups: readonly SeedGroup[]): MetricsRow[] {
  const rows: MetricsRow[] = [];
  const seen = new Set<string>();
  for (const surface of compared) {
    const group = seedGroupOf(groups, surface.id);
    if (!group) {
      rows.push({ surfaceId: surface.id, runId: surface.runId, label: surface.label, metrics: surface.metrics });
      continue;
    }
    if (seen.has(group.id)) continue;
    seen.add(group.id);
    rows.push(groupRow(group));
  }
  return rows;
}

/** A group as a metrics row: every plane's metrics (the first plane's stand for the trained model's own). */
export function groupRow(group: SeedGroup): MetricsRow {
  return {
    surfaceId: group.id,
    runId: group.runId,
    label: group.label,
    metrics: group.surfaces[0].metrics,
    planes: { seeds: group.seeds, metrics: group.surfaces.map((s) => s.metrics) },
  };
}
