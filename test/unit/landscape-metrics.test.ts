import { describe, expect, it } from 'vitest';
import { SurfaceMetricsSchema } from '../../src-main/contract.ts';
import { mulberry32 } from '../../src-main/engine/data/seeded-random.ts';
import { pointAt, surfaceGrid } from '../../src-main/engine/landscape/grid.ts';
import type { SurfaceGrid } from '../../src-main/engine/landscape/grid.ts';
import { fitQuadratic } from '../../src-main/engine/landscape/quadratic-fit.ts';
import { surfaceMetrics } from '../../src-main/engine/landscape/metrics.ts';

const grid = surfaceGrid({ min: -1, max: 1, num: 21 }, { min: -1, max: 1, num: 21 });
const field = (g: SurfaceGrid, f: (x: number, y: number) => number): Float64Array =>
  Float64Array.from({ length: g.size }, (_, p) => f(pointAt(g, p).x, pointAt(g, p).y));
const accuracy = (g: SurfaceGrid): Float64Array => field(g, (x, y) => 0.9 - 0.1 * (x * x + y * y));

describe('surface metrics', () => {
  it('measure a paraboloid: minimum at the centre, curvature 2a, one local minimum, no warnings', () => {
    const loss = field(grid, (x, y) => 1.5 * x * x + 0.4 * y * y + 0.2);
    const m = surfaceMetrics(grid, loss, accuracy(grid));
    expect(m.centre.loss).toBeCloseTo(0.2, 12);
    expect(m.centre.accuracy).toBeCloseTo(0.9, 12);
    expect(m.minimum).toMatchObject({ x: 0, y: 0, offset: 0, centreIsMinimum: true });
    expect(m.curvature.x).toBeCloseTo(3, 9);
    expect(m.curvature.y).toBeCloseTo(0.8, 9);
    expect(m.roughness.localMinima).toBe(1);
    expect(m.nonFinitePoints).toBe(0);
    expect(m.warnings).toEqual([]);
    expect(m.hessian).toBeNull();
    // ε = 0.2 (two grid steps of 0.1); the highest point within it is (±0.2, 0): L = 0.26.
    expect(m.sharpness.epsilon).toBeCloseTo(0.2, 12);
    expect(m.sharpness.value).toBeCloseTo(((0.26 - 0.2) / 1.2) * 100, 9);
    expect(SurfaceMetricsSchema.parse(m)).toEqual(m);
  });

  it('count the grid below twice the centre loss, and below a threshold', () => {
    const loss = field(grid, (x, y) => x * x + y * y + 0.5);
    const m = surfaceMetrics(grid, loss, accuracy(grid), { threshold: 0.75 });
    const count = (limit: number): number => loss.filter((v) => v < limit).length / grid.size;
    expect(m.basin.belowTwiceCentre).toBe(count(1));
    // x² + y² < 0.5: a disc of area π/2 in a square of area 4.
    expect(Math.abs(m.basin.belowTwiceCentre - Math.PI / 8)).toBeLessThan(0.06);
    expect(m.basin).toMatchObject({ threshold: 0.75, belowThreshold: count(0.75) });
  });

  it('warn when the grid minimum is not at the centre, and say where it is', () => {
    const loss = field(grid, (x, y) => (x - 0.3) ** 2 + (y + 0.2) ** 2 + 0.1);
    const m = surfaceMetrics(grid, loss, accuracy(grid));
    expect(m.minimum.centreIsMinimum).toBe(false);
    expect(m.minimum.x).toBeCloseTo(0.3, 12);
    expect(m.minimum.y).toBeCloseTo(-0.2, 12);
    expect(m.minimum.offset).toBeCloseTo(Math.hypot(0.3, 0.2), 12);
    expect(m.warnings).toContain(
      'The grid minimum is at (0.3, -0.2), not the centre: the model may not be at a minimum along these directions, or the grid is too coarse.',
    );
  });

  it('find a rough field rougher, with more local minima, than the smooth one under it', () => {
    const random = mulberry32(1);
    const smooth = field(grid, (x, y) => x * x + y * y + 1);
    const rough = smooth.map((v) => v + 0.2 * (random() - 0.5));
    const a = surfaceMetrics(grid, smooth, accuracy(grid));
    const b = surfaceMetrics(grid, rough, accuracy(grid));
    expect(b.roughness.laplacian).toBeGreaterThan(2 * a.roughness.laplacian);
    expect(b.roughness.localMinima).toBeGreaterThan(a.roughness.localMinima);
    // A paraboloid's 5-point Laplacian is the constant 4·h² = 0.04 in grid units (h = 0.1).
    const interior = smooth.filter((_, p) => {
      const { ix, iy } = pointAt(grid, p);
      return ix > 0 && iy > 0 && ix < 20 && iy < 20;
    });
    expect(a.roughness.laplacian).toBeCloseTo(0.04 / (interior.reduce((s, v) => s + v, 0) / interior.length), 9);
  });

  it('count non-finite points, warn, and leave them out of everything else', () => {
    const loss = field(grid, (x, y) => x * x + y * y + 0.3);
    loss[0] = Infinity;
    loss[5] = NaN;
    loss[grid.size - 1] = -Infinity;
    const m = surfaceMetrics(grid, loss, accuracy(grid));
    expect(m.nonFinitePoints).toBe(3);
    expect(m.warnings.some((w) => /3 of 441 points have a non-finite loss/.test(w))).toBe(true);
    expect(m.minimum.centreIsMinimum).toBe(true);
    expect(Number.isFinite(m.roughness.laplacian)).toBe(true);
    expect(m.roughness.localMinima).toBe(1);
    expect(m.basin.belowTwiceCentre).toBe(loss.filter((v) => Number.isFinite(v) && v < 0.6).length / 438);
  });

  it('measure a 1D line along its one axis', () => {
    const line = surfaceGrid({ min: -2, max: 2, num: 41 }, null);
    const loss = field(line, (x) => 2 * x * x + Math.cos(12 * x) * 0.01 + 1);
    const m = surfaceMetrics(line, loss, accuracy(line));
    expect(m.curvature.y).toBeNull();
    expect(m.curvature.x).toBeGreaterThan(3);
    expect(m.minimum.y).toBe(0);
    expect(m.sharpness.epsilon).toBeCloseTo(0.2, 12);
    expect(m.roughness.localMinima).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(m.roughness.laplacian)).toBe(true);
  });

  it('choose ε of at least two grid steps by default, so a coarse grid\'s sharpness is not 0 by construction', () => {
    for (const num of [5, 7, 11, 17]) {
      const coarse = surfaceGrid({ min: -1, max: 1, num }, { min: -1, max: 1, num });
      const m = surfaceMetrics(coarse, field(coarse, (x, y) => x * x + y * y), accuracy(coarse));
      expect(m.sharpness.epsilon).toBeGreaterThanOrEqual((2 * 2) / (num - 1) - 1e-12);
      expect(m.sharpness.value).toBeGreaterThan(0);
      expect(m.warnings.some((w) => /ε-ball/.test(w))).toBe(false);
    }
  });

  it('warn when a chosen ε-ball holds no grid point but the centre', () => {
    const coarse = surfaceGrid({ min: -1, max: 1, num: 5 }, { min: -1, max: 1, num: 5 });
    const m = surfaceMetrics(coarse, field(coarse, (x, y) => x * x + y * y), accuracy(coarse), { epsilon: 0.1 });
    expect(m.sharpness.value).toBe(0);
    expect(m.warnings.some((w) => /ε-ball/.test(w))).toBe(true);
  });
});

describe('the quadratic fit', () => {
  it('recovers a parabola exactly and needs three distinct abscissae', () => {
    const t = [-0.2, -0.1, 0, 0.1, 0.2];
    const fit = fitQuadratic(t, t.map((x) => 3 - 2 * x + 7 * x * x))!;
    expect(fit.a).toBeCloseTo(3, 12);
    expect(fit.b).toBeCloseTo(-2, 12);
    expect(fit.secondDerivative).toBeCloseTo(14, 10);
    expect(fitQuadratic([0, 1, 1], [1, 2, 2])).toBeNull();
  });
});
