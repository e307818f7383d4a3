import { describe, expect, it } from 'vitest';
import { commonRange, isClipped, makeZScale, normalise, transformValue, valueAt } from '../../src-renderer/lib/z-scale.ts';

const source = (values: number[], done?: number[]) => ({ values: Float32Array.from(values), done: Uint8Array.from(done ?? values.map(() => 1)) });

describe('z scale', () => {
  it('maps the range of one surface linearly onto [0, 1]', () => {
    const scale = makeZScale([source([2, 4, 6])], { kind: 'linear', clipMax: null });
    expect([scale.lo, scale.hi]).toEqual([2, 6]);
    expect(normalise(2, scale)).toBe(0);
    expect(normalise(5, scale)).toBe(0.75);
    expect(normalise(6, scale)).toBe(1);
  });

  it('uses log10 of the values on a log scale', () => {
    const scale = makeZScale([source([0.01, 1, 100])], { kind: 'log', clipMax: null });
    expect(scale.lo).toBeCloseTo(-2, 6);
    expect(scale.hi).toBeCloseTo(2, 6);
    expect(normalise(1, scale)).toBeCloseTo(0.5, 6);
    expect(valueAt(0.75, scale)).toBeCloseTo(10, 5);
  });

  it('ignores points that are not computed or not finite when finding the range', () => {
    const scale = makeZScale([source([1, 1000, NaN, Infinity, 3], [1, 0, 1, 1, 1])], { kind: 'linear', clipMax: null });
    expect([scale.lo, scale.hi]).toEqual([1, 3]);
  });

  it('gives non-finite values NaN so they are drawn as missing, never as 0', () => {
    const scale = makeZScale([source([1, 3])], { kind: 'linear', clipMax: null });
    expect(normalise(NaN, scale)).toBeNaN();
    expect(normalise(Infinity, scale)).toBeNaN();
    expect(normalise(-Infinity, scale)).toBeNaN();
  });

  it('clips values above the clip to the top and flags them', () => {
    const scale = makeZScale([source([1, 2, 50])], { kind: 'linear', clipMax: 5 });
    expect([scale.lo, scale.hi]).toEqual([1, 5]);
    expect(normalise(50, scale)).toBe(1);
    expect(isClipped(50, scale)).toBe(true);
    expect(isClipped(4, scale)).toBe(false);
  });

  it('shares one range across several surfaces', () => {
    const a = source([1, 2]);
    const b = source([0.5, 8]);
    const shared = makeZScale([a, b], { kind: 'linear', clipMax: null });
    expect([shared.lo, shared.hi]).toEqual([0.5, 8]);
    expect(normalise(2, shared)).toBeCloseTo(1.5 / 7.5, 6);
    expect(commonRange([a], { kind: 'linear', clipMax: null })).toEqual({ lo: 1, hi: 2 });
  });

  it('a log scale puts values at or below 0 at the bottom rather than dropping them', () => {
    const scale = makeZScale([source([0, 0.1, 10])], { kind: 'log', clipMax: null });
    expect(scale.lo).toBeCloseTo(-1, 6);
    expect(normalise(0, scale)).toBe(0);
    expect(transformValue(0, 'log')).toBe(-Infinity);
  });

  it('a symmetric scale centres 0 for difference surfaces and stays linear', () => {
    const scale = makeZScale([source([-1, 3])], { kind: 'log', clipMax: null, symmetric: true });
    expect(scale.kind).toBe('linear');
    expect([scale.lo, scale.hi]).toEqual([-3, 3]);
    expect(normalise(0, scale)).toBe(0.5);
  });

  it('a flat surface still gets a non-empty range', () => {
    const scale = makeZScale([source([2, 2, 2])], { kind: 'linear', clipMax: null });
    expect(scale.hi).toBeGreaterThan(scale.lo);
    expect(normalise(2, scale)).toBeCloseTo(0.5, 6);
  });

  it('without any drawable value the range is null', () => {
    expect(commonRange([source([NaN, 5], [1, 0])], { kind: 'linear', clipMax: null })).toBeNull();
  });
});
