import { describe, expect, it } from 'vitest';
import { controlVariate, DifferenceAccumulator } from '../../src-main/engine/landscape/adaptive-estimate.ts';
import { surfaceGrid } from '../../src-main/engine/landscape/grid.ts';
import { coarsestStride, isOnLattice, predictAlongAxis } from '../../src-main/engine/landscape/refinement.ts';

describe('coarse-to-fine refinement', () => {
  const grid = surfaceGrid({ min: -1, max: 1, num: 21 }, { min: -1, max: 1, num: 21 });
  const fill = (f: (x: number, y: number) => number): Float64Array => {
    const values = new Float64Array(grid.size);
    for (let iy = 0; iy < grid.ny; iy++) for (let ix = 0; ix < grid.nx; ix++) values[iy * grid.nx + ix] = f(grid.x[ix], grid.y[iy]);
    return values;
  };
  const accuracy = new Float64Array(grid.size).fill(0.5);
  const everyOther = (i: number): boolean => (i % grid.nx) % 2 === 0;

  it('interpolates a cubic exactly and says its error is zero', () => {
    const loss = fill((x) => 1 + x - 2 * x * x + 0.5 * x ** 3);
    const index = 10 * grid.nx + 9;
    const prediction = predictAlongAxis(grid, index, 0, 1, loss, accuracy, everyOther)!;
    expect(prediction.loss).toBeCloseTo(loss[index], 12);
    expect(prediction.errorBound).toBeLessThan(1e-12);
  });

  it('bounds the error of a quartic by the measured fourth difference', () => {
    const loss = fill((x) => x ** 4);
    const index = 10 * grid.nx + 9;
    const prediction = predictAlongAxis(grid, index, 0, 1, loss, accuracy, everyOther)!;
    const actual = Math.abs(prediction.loss - loss[index]);
    expect(actual).toBeGreaterThan(0);
    expect(prediction.errorBound).toBeCloseTo(actual, 10);
  });

  it('falls back to linear interpolation near an edge and refuses where neighbours are missing', () => {
    const loss = fill((x) => x * x);
    const nearEdge = predictAlongAxis(grid, 10 * grid.nx + 1, 0, 1, loss, accuracy, everyOther)!;
    expect(nearEdge.loss).toBeCloseTo((loss[10 * grid.nx] + loss[10 * grid.nx + 2]) / 2, 12);
    expect(nearEdge.errorBound).toBeCloseTo(((grid.x[2] - grid.x[0]) ** 2 * 2) / 8, 12);
    expect(predictAlongAxis(grid, 10 * grid.nx + 9, 0, 1, loss, accuracy, () => false)).toBeNull();
    const withHole = Float64Array.from(loss);
    withHole[10 * grid.nx + 8] = NaN;
    expect(predictAlongAxis(grid, 10 * grid.nx + 9, 0, 1, withHole, accuracy, everyOther)).toBeNull();
  });

  it('nests its lattices around the centre', () => {
    const centre = { ix: 10, iy: 10 };
    expect(coarsestStride(grid)).toBe(4);
    expect(isOnLattice(grid, 10 * 21 + 10, centre, 4)).toBe(true);
    expect(isOnLattice(grid, 14 * 21 + 6, centre, 4)).toBe(true);
    expect(isOnLattice(grid, 14 * 21 + 8, centre, 4)).toBe(false);
    expect(isOnLattice(grid, 14 * 21 + 8, centre, 2)).toBe(true);
  });
});

describe('adaptive estimate with a control variate', () => {
  const n = 1000;
  const centreLosses = Float32Array.from({ length: n }, (_, i) => 1 + Math.sin(i));
  const centre = controlVariate(centreLosses, new Float32Array(n).fill(1));

  it('is exact, with zero standard error, once every example is used', () => {
    const accumulator = new DifferenceAccumulator(centre);
    const atPoint = centreLosses.map((v, i) => v * 1.1 + (i % 3) * 0.01);
    accumulator.add(atPoint, new Float32Array(n).fill(1), 0);
    const exact = atPoint.reduce((a, b) => a + b, 0) / n;
    expect(accumulator.estimate().loss).toBeCloseTo(exact, 5);
    expect(accumulator.estimate().standardError).toBe(0);
    expect(accumulator.converged(1e-9)).toBe(true);
  });

  it('stops early when the differences from the centre are nearly constant, not before the minimum sample', () => {
    const accumulator = new DifferenceAccumulator(centre);
    accumulator.add(centreLosses.subarray(0, 256).map((v) => v + 0.2), new Float32Array(256).fill(1), 0);
    expect(accumulator.converged(0.01)).toBe(false); // fewer than 512 examples
    accumulator.add(centreLosses.subarray(256, 512).map((v) => v + 0.2), new Float32Array(256).fill(1), 256);
    expect(accumulator.converged(0.01)).toBe(true);
    expect(accumulator.estimate().loss).toBeCloseTo(centre.meanLoss + 0.2, 5);
  });

  it('keeps sampling while the differences are noisy', () => {
    const accumulator = new DifferenceAccumulator(centre);
    const noisy = centreLosses.subarray(0, 512).map((v, i) => v + (i % 2 ? 3 : -2.5));
    accumulator.add(noisy, new Float32Array(512).fill(1), 0);
    expect(accumulator.converged(0.01)).toBe(false);
  });
});
