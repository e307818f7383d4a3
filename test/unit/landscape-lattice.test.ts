/** The fast mode's lattice: nodes, cubic interpolation and its empirical error estimate. */
import { describe, expect, it } from 'vitest';
import { surfaceGrid } from '../../src-main/engine/landscape/grid.ts';
import { axisLattice, interpolateFromLattice, interpolationErrorEstimate, latticeOf, latticePoints, latticeStride } from '../../src-main/engine/landscape/lattice.ts';

const grid = surfaceGrid({ min: -1, max: 1, num: 51 }, { min: -1, max: 1, num: 51 });
const centre = { ix: 25, iy: 25 };

function sample(f: (x: number, y: number) => number): Float64Array {
  const values = new Float64Array(51 * 51);
  for (let iy = 0; iy < 51; iy++) for (let ix = 0; ix < 51; ix++) values[iy * 51 + ix] = f(grid.x[ix]!, grid.y[iy]!);
  return values;
}

describe('fast-mode lattice', () => {
  it('anchors on the centre, keeps both ends, and leaves at least eight intervals at a power-of-two stride', () => {
    expect([latticeStride(11), latticeStride(21), latticeStride(51), latticeStride(101)]).toEqual([1, 2, 4, 8]);
    expect(axisLattice(51, 25, 5)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    expect(axisLattice(12, 5, 3)).toEqual([0, 2, 5, 8, 11]);
    expect(latticePoints(grid, latticeOf(grid, centre, 5))).toHaveLength(121);
  });

  it('interpolates a bicubic polynomial exactly, everywhere including the rim', () => {
    const f = (x: number, y: number): number => 1 + x - 2 * y + 0.5 * x * x * y + 0.3 * x ** 3 - 0.7 * y ** 3 + x ** 3 * y ** 2;
    const values = sample(f);
    const lattice = latticeOf(grid, centre, 5);
    const known = new Float64Array(values.length).fill(NaN);
    for (const i of latticePoints(grid, lattice)) known[i] = values[i]!;
    const interpolated = interpolateFromLattice(grid, lattice, known);
    interpolated.forEach((v, i) => expect(v).toBeCloseTo(values[i]!, 10));
  });

  it('estimates an error that bounds the true one on a smooth bowl and flags a sharp ridge', () => {
    const lattice = latticeOf(grid, centre, 5);
    for (const [f, smooth] of [
      [(x: number, y: number) => 0.5 + 2 * x * x + y * y + Math.sin(3 * x) * 0.2, true],
      [(x: number, y: number) => 0.5 + Math.abs(x - 0.13) * 3 + y * y, false],
    ] as const) {
      const values = sample(f);
      const estimate = interpolationErrorEstimate(grid, lattice, values)!;
      const interpolated = interpolateFromLattice(grid, lattice, values);
      let worstTrue = 0;
      let worstEstimate = 0;
      values.forEach((v, i) => {
        worstTrue = Math.max(worstTrue, Math.abs(interpolated[i]! - v));
        worstEstimate = Math.max(worstEstimate, estimate[i]!);
        if (smooth) expect(estimate[i]! + 1e-12).toBeGreaterThanOrEqual(Math.abs(interpolated[i]! - v));
      });
      if (!smooth) {
        // A kink converges slowly: the estimate sees a good part of it, and sees it where it is
        // (the check points of the fast mode are the backstop for the rest).
        expect(worstEstimate).toBeGreaterThan(0.2 * worstTrue);
        const at = (x: number): number => estimate[25 * 51 + Math.round((x + 1) * 25)]!;
        expect(at(0.12)).toBeGreaterThan(3 * at(-0.8));
      }
    }
  });

  it('gives no estimate with fewer than five nodes per axis', () => {
    const small = surfaceGrid({ min: -1, max: 1, num: 7 }, { min: -1, max: 1, num: 7 });
    expect(interpolationErrorEstimate(small, latticeOf(small, { ix: 3, iy: 3 }, 3), new Float64Array(49))).toBeNull();
  });
});
