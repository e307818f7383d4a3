import { describe, expect, it } from 'vitest';
import { controlVariate, DifferenceAccumulator } from '../../src-main/engine/landscape/adaptive-estimate.ts';

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
