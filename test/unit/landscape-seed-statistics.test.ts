import { describe, expect, it } from 'vitest';
import { compareSpreads, meanAndSpread, noiseThreshold, summarise } from '../../src-main/contract/noise-rule.ts';
import { metricSpreads } from '../../src-main/engine/landscape/seed-statistics.ts';
import type { SurfaceMetrics } from '../../src-main/contract.ts';

function metrics(centre: number, sharpness: number, hessian: number | null): SurfaceMetrics {
  return {
    centre: { loss: centre, accuracy: 0.5 },
    minimum: { loss: centre, x: 0, y: 0, offset: 0, centreIsMinimum: true },
    curvature: { x: 2 * sharpness, y: null },
    sharpness: { epsilon: 0.1, value: sharpness },
    basin: { belowTwiceCentre: 0.4, threshold: null, belowThreshold: null },
    roughness: { laplacian: 0.1, localMinima: 1 },
    hessian: hessian === null ? null : { topEigenvalue: hessian, powerIterations: 5, trace: 10, traceSamples: 2 },
    nonFinitePoints: 0,
    warnings: [],
  };
}

describe('error bars over direction seeds', () => {
  it('summarises each metric as mean ± sample std over the planes, leaving out what no plane has', () => {
    const spreads = metricSpreads([metrics(1, 3, null), metrics(1, 5, null), metrics(1, 7, null)]);
    expect(spreads.sharpness).toEqual({ mean: 5, std: 2, n: 3, values: [3, 5, 7] });
    expect(spreads.centreLoss).toMatchObject({ mean: 1, std: 0 });
    expect(spreads.curvatureX).toMatchObject({ mean: 10, std: 4 });
    expect(spreads.curvatureY).toBeUndefined();
    expect(spreads.lambdaMax).toBeUndefined();
  });

  it('gives the mean surface and the per-point spread, NaN-aware', () => {
    const { mean, std } = meanAndSpread([Float32Array.of(1, 2, NaN), Float32Array.of(3, 2, 4), Float32Array.of(5, 2, 6)]);
    expect(Array.from(mean)).toEqual([3, 2, 5]);
    expect(std[0]).toBeCloseTo(2, 6);
    expect(std[1]).toBe(0);
    expect(std[2]).toBeCloseTo(Math.SQRT2, 6);
    expect(() => meanAndSpread([Float32Array.of(1), Float32Array.of(1, 2)])).toThrow(/different grids/);
  });

  it('calls a difference significant only beyond the study reports’ noise threshold', () => {
    const a = { mean: 10, std: 1, n: 3 };
    const near = { mean: 11, std: 1, n: 3 };
    const far = { mean: 13, std: 1, n: 3 };
    const t = noiseThreshold(summarise([9, 10, 11]), summarise([10, 11, 12]));
    expect(compareSpreads(near, a)).toEqual({ difference: 1, threshold: t, significant: false });
    expect(compareSpreads(far, a)).toMatchObject({ difference: 3, significant: true });
    // One plane: the noise cannot be estimated, so nothing is significant.
    expect(compareSpreads({ mean: 100, std: 0, n: 1 }, a).significant).toBe(false);
  });
});
