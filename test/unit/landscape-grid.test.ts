import { describe, expect, it } from 'vitest';
import { centrePoint, linspace, pointAt, pointIndex, surfaceGrid } from '../../src-main/engine/landscape/grid.ts';
import { coarseToFineOrder, pendingPoints, rowMajorOrder, shardOf } from '../../src-main/engine/landscape/point-order.ts';

// Printed by numpy 2.4 (`json.dumps(np.linspace(a, b, n).tolist())`): shortest round-trip decimals, so the parsed
// doubles are numpy's exact bits.
const NUMPY = {
  '-1,1,51': [-1.0, -0.96, -0.92, -0.88, -0.84, -0.8, -0.76, -0.72, -0.6799999999999999, -0.64, -0.6, -0.56, -0.52, -0.48, -0.43999999999999995, -0.4, -0.36, -0.31999999999999995, -0.28, -0.24, -0.19999999999999996, -0.16000000000000003, -0.12, -0.07999999999999996, -0.040000000000000036, 0.0, 0.040000000000000036, 0.08000000000000007, 0.1200000000000001, 0.15999999999999992, 0.19999999999999996, 0.24, 0.28, 0.32000000000000006, 0.3600000000000001, 0.40000000000000013, 0.43999999999999995, 0.48, 0.52, 0.56, 0.6000000000000001, 0.6400000000000001, 0.6799999999999999, 0.72, 0.76, 0.8, 0.8400000000000001, 0.8800000000000001, 0.9199999999999999, 0.96, 1.0],
  '-0.7,1.3,37': [-0.7, -0.6444444444444444, -0.5888888888888888, -0.5333333333333333, -0.47777777777777775, -0.42222222222222217, -0.36666666666666664, -0.3111111111111111, -0.25555555555555554, -0.19999999999999996, -0.14444444444444438, -0.0888888888888889, -0.033333333333333326, 0.022222222222222254, 0.07777777777777772, 0.1333333333333333, 0.18888888888888888, 0.24444444444444446, 0.30000000000000004, 0.3555555555555556, 0.4111111111111112, 0.46666666666666656, 0.5222222222222221, 0.5777777777777777, 0.6333333333333333, 0.6888888888888889, 0.7444444444444445, 0.8, 0.8555555555555554, 0.911111111111111, 0.9666666666666666, 1.0222222222222221, 1.0777777777777777, 1.1333333333333333, 1.1888888888888889, 1.2444444444444445, 1.3],
  '0.1,0.3,7': [0.1, 0.13333333333333333, 0.16666666666666669, 0.2, 0.23333333333333334, 0.26666666666666666, 0.3],
};

describe('linspace', () => {
  it.each(Object.entries(NUMPY))('reproduces numpy.linspace(%s) bit for bit', (key, expected) => {
    const [a, b, n] = key.split(',').map(Number);
    expect(linspace(a, b, n)).toEqual(expected);
  });

  it('gives the start alone for one point and nothing for none, as numpy does', () => {
    expect(linspace(-2.5, 0.5, 1)).toEqual([-2.5]);
    expect(linspace(0, 1, 0)).toEqual([]);
  });
});

describe('surface grids', () => {
  it('index Z as [y][x]: index = iy·nx + ix, and back', () => {
    const grid = surfaceGrid({ min: -1, max: 1, num: 5 }, { min: 0, max: 2, num: 3 });
    expect([grid.nx, grid.ny, grid.size, grid.isLine]).toEqual([5, 3, 15, false]);
    expect(pointIndex(grid, 4, 1)).toBe(9);
    expect(pointAt(grid, 9)).toEqual({ index: 9, ix: 4, iy: 1, x: 1, y: 1 });
    for (let p = 0; p < grid.size; p++) {
      const point = pointAt(grid, p);
      expect(pointIndex(grid, point.ix, point.iy)).toBe(p);
    }
    expect(() => pointIndex(grid, 5, 0)).toThrow(/outside/);
  });

  it('treat a missing y axis as a 1D line with y = 0', () => {
    const line = surfaceGrid({ min: -1, max: 1, num: 11 }, null);
    expect([line.nx, line.ny, line.size, line.isLine, line.y]).toEqual([11, 1, 11, true, []]);
    expect(pointAt(line, 10)).toEqual({ index: 10, ix: 10, iy: 0, x: 1, y: 0 });
  });

  it('find the grid point nearest the origin as the centre', () => {
    expect(centrePoint(surfaceGrid({ min: -1, max: 1, num: 51 }, { min: -1, max: 1, num: 51 })).index).toBe(25 * 51 + 25);
    expect(centrePoint(surfaceGrid({ min: -0.5, max: 2, num: 6 }, { min: 0, max: 1, num: 3 }))).toMatchObject({ ix: 1, iy: 0, x: 0 });
  });
});

describe('point orders', () => {
  const grid = surfaceGrid({ min: -1, max: 1, num: 9 }, { min: -1, max: 1, num: 9 });

  it('visit every point exactly once, coarse lattice first, anchored at the centre', () => {
    const order = coarseToFineOrder(grid);
    expect([...order].sort((a, b) => a - b)).toEqual(rowMajorOrder(grid.size));
    expect(order[0]).toBe(centrePoint(grid).index);
    // Stride 4 around the centre (index 4): ix, iy ∈ {0, 4, 8} make the first 9 points.
    const first = order.slice(0, 9).map((p) => pointAt(grid, p));
    expect(first.every((p) => p.ix % 4 === 0 && p.iy % 4 === 0)).toBe(true);
    // Then the points new at stride 2, then the rest.
    const second = order.slice(9, 25).map((p) => pointAt(grid, p));
    expect(second.every((p) => p.ix % 2 === 0 && p.iy % 2 === 0)).toBe(true);
  });

  it('split into interleaved shards that partition the points and each span the whole plane', () => {
    const order = coarseToFineOrder(grid);
    const shards = [0, 1, 2].map((i) => shardOf(order, i, 3));
    expect(shards.flat().sort((a, b) => a - b)).toEqual(rowMajorOrder(grid.size));
    for (const shard of shards) {
      const xs = shard.map((p) => pointAt(grid, p).ix);
      const ys = shard.map((p) => pointAt(grid, p).iy);
      expect([Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]).toEqual([0, 8, 0, 8]);
    }
    expect(() => shardOf(order, 3, 3)).toThrow(/not one of/);
  });

  it('leave out the points already done when resuming, keeping the order', () => {
    const done = new Uint8Array(grid.size);
    done[3] = 1;
    done[40] = 1;
    const pending = pendingPoints(coarseToFineOrder(grid), done);
    expect(pending).toHaveLength(grid.size - 2);
    expect(pending).not.toContain(3);
    expect(pending).not.toContain(40);
  });
});
