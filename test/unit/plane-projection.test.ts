import { describe, expect, it } from 'vitest';
import { projectOntoPlane } from '../../src-main/engine/landscape/plane-projection.ts';

describe('projecting weights onto a plane', () => {
  it('finds the least-squares coordinates on non-orthogonal directions and the distance off the plane', () => {
    const origin = Float32Array.from([1, 1, 1]);
    const d1 = Float32Array.from([1, 0, 0]);
    const d2 = Float32Array.from([1, 1, 0]);
    const [p, q] = projectOntoPlane([{ epoch: 3, weights: Float32Array.from([4, 3, 6]) }, { epoch: 0, weights: origin }], origin, d1, d2);
    // (3, 2, 5) from the origin = 1·d1 + 2·d2 + (0, 0, 5).
    expect(p.epoch).toBe(3);
    expect(p.x).toBeCloseTo(1, 12);
    expect(p.y).toBeCloseTo(2, 12);
    expect(p.distance).toBeCloseTo(5, 12);
    expect(q).toEqual({ epoch: 0, x: 0, y: 0, distance: 0 });
  });

  it('on a line, β is 0 and everything off d1 is distance', () => {
    const [p] = projectOntoPlane([{ epoch: 1, weights: Float32Array.from([2, 3]) }], Float32Array.from([0, 0]), Float32Array.from([2, 0]), null);
    expect(p).toEqual({ epoch: 1, x: 1, y: 0, distance: 3 });
  });

  it('refuses parallel or zero directions', () => {
    const origin = new Float32Array(2);
    expect(() => projectOntoPlane([], origin, Float32Array.from([1, 1]), Float32Array.from([2, 2]))).toThrow(/parallel/);
    expect(() => projectOntoPlane([], origin, new Float32Array(2), null)).toThrow(/zero/);
  });
});
