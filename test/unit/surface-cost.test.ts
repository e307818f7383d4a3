/** The surface estimate: the first points' warm-up counted once as setup, the median of the next points as the per-point cost. */
import { describe, expect, it } from 'vitest';
import { costFromTimings, estimatedSeconds, measureSurfaceCost, STEADY_POINTS, WARM_UP_POINTS } from '../../src-main/engine/surfaces/surface-cost.ts';

describe('surface cost', () => {
  it('takes the per-point cost from the points after the warm-up and counts the warm-up’s extra once as setup', () => {
    // Plane 0.5 s; two cold points of 2 s and 1.8 s, then (on a loaded machine) 0.6, 0.2, 0.25 and 0.3 s: the median, not the luckiest.
    const cost = costFromTimings(0.5, [2, 1.8], [0.6, 0.2, 0.25, 0.3]);
    expect(cost.secondsPerPoint).toBeCloseTo(0.275, 12);
    expect(cost.setupSeconds).toBeCloseTo(0.5 + (2 - 0.275) + (1.8 - 0.275), 12);
    // 441 points: setup + 441 × 0.275 s, not 441 × 2 s as when the first point stood for all.
    expect(estimatedSeconds(cost, 1, 441, 1)).toBeCloseTo(cost.setupSeconds + 441 * 0.275, 9);
    expect(costFromTimings(0, [1], [0.3, 0.1, 0.2]).secondsPerPoint).toBe(0.2);
  });

  it('counts setup once per surface and shares only the points between processes', () => {
    const cost = { setupSeconds: 3, secondsPerPoint: 0.1 };
    expect(estimatedSeconds(cost, 4, 400, 2)).toBeCloseTo(4 * 3 + (400 * 0.1) / 2, 12);
    expect(estimatedSeconds(cost, 1, 0, 1)).toBe(3);
  });

  it('never counts a warm-up point faster than the per-point cost as negative setup; on a tiny grid the last point stands for all', () => {
    expect(costFromTimings(0.2, [0.1, 0.15], [0.15])).toEqual({ setupSeconds: 0.2, secondsPerPoint: 0.15 });
    const tiny = costFromTimings(0.2, [0.6, 0.4], []);
    expect(tiny.secondsPerPoint).toBe(0.4);
    expect(tiny.setupSeconds).toBeCloseTo(0.2 + 0.2, 12);
  });

  it('times the first pending points in order: the warm-up ones, then the steady ones', async () => {
    const evaluated: number[] = [];
    // The first two points are slow (a cold session), the others fast.
    const evaluator = {
      evaluate: async (index: number) => {
        evaluated.push(index);
        await new Promise((resolve) => setTimeout(resolve, evaluated.length <= WARM_UP_POINTS ? 150 : 10));
        return { index, trainLoss: 1, trainAccuracy: 0.5, kind: 'exact' as const };
      },
    };
    const pending = [7, 3, 9, 4, 5, 8, 2, 6, 1];
    const cost = await measureSurfaceCost(evaluator, pending, 1);
    expect(evaluated).toEqual(pending.slice(0, WARM_UP_POINTS + STEADY_POINTS));
    expect(cost.secondsPerPoint).toBeGreaterThanOrEqual(0.009);
    expect(cost.secondsPerPoint).toBeLessThan(0.1);
    expect(cost.setupSeconds).toBeGreaterThan(1 + 2 * 0.13);
  });
});
