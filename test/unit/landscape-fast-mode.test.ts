import { describe, expect, it } from 'vitest';
import { controlVariate, DifferenceAccumulator, fullPass, sampleUntilConverged } from '../../src-main/engine/landscape/adaptive-estimate.ts';

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

  it('takes batches only until the estimate converges, and a full pass joins every batch', async () => {
    let pulled = 0;
    async function* batches(shift: number): AsyncGenerator<{ losses: Float32Array; correct: Float32Array }> {
      for (let start = 0; start < n; start += 128) {
        pulled += 1;
        const losses = centreLosses.subarray(start, start + 128).map((v) => v + shift);
        yield { losses, correct: new Float32Array(losses.length).fill(1) };
      }
    }
    const estimate = await sampleUntilConverged(centre, 0.01, batches(0.2));
    expect(pulled).toBe(4); // 512 examples, the minimum sample, then converged
    expect(estimate.examples).toBe(512);
    expect(estimate.loss).toBeCloseTo(centre.meanLoss + 0.2, 5);
    pulled = 0;
    const full = await fullPass(n, batches(0));
    expect(pulled).toBe(Math.ceil(n / 128));
    expect([...full.losses]).toEqual([...centreLosses]);
  });
});
