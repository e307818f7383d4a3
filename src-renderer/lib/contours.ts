/**
 * Contour lines (iso-lines) of a grid field, by marching squares (d3-contour),
 * as open polylines in fractional grid coordinates (gx ∈ [0, nx−1] along α,
 * gy ∈ [0, ny−1] along β).
 *
 * d3-contour returns closed polygons: it closes rings along the border of the
 * grid and treats missing values as very low. Neither is a real iso-line, so
 * lines are cut where they run along the border or touch a point without a
 * value — contours never invent structure around holes.
 */
import { contours as d3Contours } from 'd3-contour';
import { niceTicks } from './axis-ticks.ts';
import { hasValue, transformValue, type ZScale, type ZSource } from './z-scale.ts';

export interface ContourLine {
  /** The level, in the units of the field given (transformed units for a log view). */
  level: number;
  /** Fractional grid coordinates, flattened: gx₀, gy₀, gx₁, gy₁, … */
  points: number[];
}

export interface ContourInput {
  nx: number;
  ny: number;
  /** One value per grid point (index y·nx + x); NaN/±∞ where there is none. */
  values: ArrayLike<number>;
  levels: readonly number[];
}

/** About `count` round levels strictly inside [lo, hi]. */
export function contourLevels(lo: number, hi: number, count = 12): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return [];
  return niceTicks(lo, hi, count).filter((level) => level > lo && level < hi);
}

/**
 * What to contour for a field drawn on `scale`: values in the scale's units
 * (log₁₀ on a log scale, so lines are evenly spaced as drawn), NaN where a
 * point has no value, and round levels inside the drawn range.
 */
export function contourInputFor(field: ZSource & { xs: readonly number[]; ys: readonly number[] }, scale: ZScale, count = 12): ContourInput {
  const values = new Float32Array(field.values.length);
  for (let i = 0; i < values.length; i++) values[i] = hasValue(field, i) ? transformValue(field.values[i], scale.kind) : NaN;
  return { nx: field.xs.length, ny: field.ys.length, values, levels: contourLevels(scale.lo, scale.hi, count) };
}

/** Iso-lines of `values` at each level; lines through missing points or along the border are cut there. */
export function extractContours({ nx, ny, values, levels }: ContourInput): ContourLine[] {
  if (nx < 2 || ny < 2 || levels.length === 0) return [];
  const flags = new Uint8Array(nx * ny);
  // Missing points count as +∞ (above every level): high-loss rims stay closed,
  // and the cut below removes the lines that only exist because of the gap.
  const field = new Float64Array(nx * ny);
  let anyMissing = false;
  for (let i = 0; i < nx * ny; i++) {
    const v = values[i];
    flags[i] = Number.isFinite(v) ? 0 : 1;
    anyMissing ||= flags[i] === 1;
    field[i] = flags[i] ? Infinity : v;
  }
  const missing = anyMissing ? flags : null;
  const generator = d3Contours().size([nx, ny]).smooth(true);
  const lines: ContourLine[] = [];
  for (const level of levels) {
    const polygon = generator.contour(field as unknown as number[], level);
    for (const rings of polygon.coordinates) {
      for (const ring of rings) cutRing(ring, nx, ny, missing, level, lines);
    }
  }
  return lines;
}

/**
 * Splits a ring (d3 coordinates: grid point i sits at i + 0.5) into polylines
 * of points that are inside the grid and not next to a missing point.
 */
function cutRing(ring: number[][], nx: number, ny: number, missing: Uint8Array | null, level: number, out: ContourLine[]): void {
  const points = ring.map(([cx, cy]) => [cx - 0.5, cy - 0.5]);
  const usable = points.map(([gx, gy]) => isUsable(gx, gy, nx, ny, missing));
  const firstCut = usable.indexOf(false);
  if (firstCut < 0) {
    out.push({ level, points: points.flat() });
    return;
  }
  // Walk the ring once, starting at a cut, so the piece that wraps round the
  // ring's start comes out as one line. The ring repeats its first point last.
  const n = points.length - 1;
  let current: number[] = [];
  const flush = (): void => {
    if (current.length >= 4) out.push({ level, points: current });
    current = [];
  };
  for (let step = 0; step <= n; step++) {
    const k = (firstCut + step) % n;
    if (usable[k]) current.push(points[k][0], points[k][1]);
    else flush();
  }
  flush();
}

/**
 * Inside the grid, and no missing point within one grid step: the smoothing
 * snaps a line next to a missing (+∞) point onto its valid neighbour, so the
 * neighbours of that neighbour must be checked too.
 */
function isUsable(gx: number, gy: number, nx: number, ny: number, missing: Uint8Array | null): boolean {
  const eps = 1e-9;
  if (gx < -eps || gy < -eps || gx > nx - 1 + eps || gy > ny - 1 + eps) return false;
  if (!missing) return true;
  const x0 = Math.max(0, Math.ceil(gx - 1 - eps));
  const x1 = Math.min(nx - 1, Math.floor(gx + 1 + eps));
  const y0 = Math.max(0, Math.ceil(gy - 1 - eps));
  const y1 = Math.min(ny - 1, Math.floor(gy + 1 + eps));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) if (missing[y * nx + x]) return false;
  }
  return true;
}
