import { describe, expect, it } from 'vitest';
import { contourLevels, extractContours } from '../../src-renderer/lib/contours.ts';
import { coordinateAt } from '../../src-renderer/lib/grid-field.ts';
import { contourSegments } from '../../src-renderer/lib/surface-overlays.ts';

/** f(α, β) = α² + β² on an n × n grid over [−1, 1]². */
function paraboloid(n: number) {
  const xs = Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
  const values = new Float32Array(n * n);
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) values[y * n + x] = xs[x] ** 2 + xs[y] ** 2;
  return { xs, values };
}

function radii(points: number[], xs: number[]): number[] {
  const r: number[] = [];
  for (let k = 0; k < points.length; k += 2) r.push(Math.hypot(coordinateAt(xs, points[k]), coordinateAt(xs, points[k + 1])));
  return r;
}

describe('contour extraction', () => {
  it('finds the level sets of a paraboloid as circles of radius √level', () => {
    const n = 81;
    const { xs, values } = paraboloid(n);
    for (const level of [0.09, 0.25, 0.64]) {
      const lines = extractContours({ nx: n, ny: n, values, levels: [level] });
      expect(lines.length).toBeGreaterThan(0);
      const all = lines.flatMap((l) => radii(l.points, xs));
      expect(all.length).toBeGreaterThan(20);
      for (const r of all) expect(r).toBeCloseTo(Math.sqrt(level), 2);
    }
  });

  it('draws a closed circle as one line that goes all the way round', () => {
    const n = 41;
    const { values } = paraboloid(n);
    const [line] = extractContours({ nx: n, ny: n, values, levels: [0.25] });
    const p = line.points;
    expect(p[0]).toBeCloseTo(p[p.length - 2], 9);
    expect(p[1]).toBeCloseTo(p[p.length - 1], 9);
  });

  it('does not draw along the border where the level leaves the grid', () => {
    const n = 41;
    const { values } = paraboloid(n);
    // Level 1.5 cuts the corners only: the circle leaves the grid, and the grid's edge is no iso-line.
    const lines = extractContours({ nx: n, ny: n, values, levels: [1.5] });
    expect(lines.length).toBe(4);
    for (const line of lines) {
      for (let k = 0; k < line.points.length; k += 2) {
        const v = 4 * ((line.points[k] / (n - 1) - 0.5) ** 2 + (line.points[k + 1] / (n - 1) - 0.5) ** 2);
        expect(v).toBeCloseTo(1.5, 1);
      }
    }
  });

  it('cuts lines around points that have no value instead of drawing round the hole', () => {
    const n = 41;
    const { values } = paraboloid(n);
    const centre = 20 * n + 30; // α = 0.5, β = 0 lies on the 0.25 circle
    values[centre] = NaN;
    const lines = extractContours({ nx: n, ny: n, values, levels: [0.25] });
    const near = lines.flatMap((l) => {
      const out: number[] = [];
      for (let k = 0; k < l.points.length; k += 2) out.push(Math.hypot(l.points[k] - 30, l.points[k + 1] - 20));
      return out;
    });
    expect(Math.min(...near)).toBeGreaterThanOrEqual(1 - 1e-9);
    for (const line of lines) for (const r of radii(line.points, paraboloid(n).xs)) expect(r).toBeCloseTo(0.5, 2);
  });

  it('picks round levels strictly inside the range', () => {
    expect(contourLevels(0, 1, 5)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(contourLevels(1, 1)).toEqual([]);
  });

  it('lifts contour lines onto the surface as line segments at the surface height', () => {
    const n = 21;
    const { values } = paraboloid(n);
    const heights = Float32Array.from(values, (v) => v / 2);
    const lines = extractContours({ nx: n, ny: n, values, levels: [0.5] });
    const segments = contourSegments(lines, heights, n, n, 0);
    expect(segments.length % 6).toBe(0);
    for (let k = 1; k < segments.length; k += 3) expect(segments[k]).toBeCloseTo(0.25, 2);
  });
});
