import { describe, expect, it } from 'vitest';
import {
  balancedSubsetIndices,
  byteChannelStats,
  bytesToUnitFloat,
  channelStats,
  downsample2x,
  evaluationSubset,
  gatherImages,
  gatherStandardised,
  standardise,
  subsetIndices,
  type Shape,
} from '../../src-main/engine/data/preprocess.ts';
import { gaussian, hashSeed, mulberry32, permutation, shuffledIndices } from '../../src-main/engine/data/seeded-random.ts';
import { cyclicLabels, randomBytes } from '../support/fixtures.ts';

function meanStd(x: Float32Array, c: number, ch: number): [number, number] {
  let sum = 0;
  let n = 0;
  for (let i = ch; i < x.length; i += c, n++) sum += x[i];
  const mean = sum / n;
  let sq = 0;
  for (let i = ch; i < x.length; i += c) sq += (x[i] - mean) ** 2;
  return [mean, Math.sqrt(sq / n)];
}

describe('preprocessing', () => {
  it('scales pixel bytes to floats in [0, 1]', () => {
    expect(Array.from(bytesToUnitFloat(Uint8Array.of(0, 51, 255)))).toEqual([0, Math.fround(0.2), 1]);
  });

  it('standardises each channel to mean 0 and std 1 with statistics of the training split', () => {
    const shape: Shape = [4, 4, 3];
    // Channels with different brightness, so one shared statistic would fail the check.
    const bytes = randomBytes(50 * 48, 11).map((b, i) => (i % 3 === 0 ? b >> 2 : i % 3 === 1 ? 128 + (b >> 1) : b));
    const x = gatherImages(bytes, shape, subsetIndices(50, undefined, 0), 1);
    const stats = channelStats(x, 3);
    expect(stats.mean[0]).toBeLessThan(stats.mean[1]);
    standardise(x, stats);
    for (let ch = 0; ch < 3; ch++) {
      const [mean, std] = meanStd(x, 3, ch);
      expect(Math.abs(mean)).toBeLessThan(1e-5);
      expect(std).toBeCloseTo(1, 5);
    }
  });

  it('gives a constant channel std 1 instead of dividing by zero', () => {
    const stats = channelStats(new Float32Array(12).fill(0.5), 3);
    expect(stats.std).toEqual([1, 1, 1]);
    expect(Array.from(standardise(new Float32Array(3).fill(0.5), stats))).toEqual([0, 0, 0]);
  });

  it('computes the same statistics from a byte histogram as from the floats', () => {
    const shape: Shape = [3, 5, 3];
    const bytes = randomBytes(40 * 45, 2);
    const indices = subsetIndices(40, 25, 9);
    const fromBytes = byteChannelStats(bytes, shape, indices);
    const fromFloats = channelStats(gatherImages(bytes, shape, indices, 1), 3);
    for (let ch = 0; ch < 3; ch++) {
      expect(fromBytes.mean[ch]).toBeCloseTo(fromFloats.mean[ch], 6);
      expect(fromBytes.std[ch]).toBeCloseTo(fromFloats.std[ch], 6);
    }
    const fused = gatherStandardised(bytes, shape, indices, fromBytes);
    const separate = standardise(gatherImages(bytes, shape, indices, 1), fromBytes);
    for (let i = 0; i < fused.length; i++) expect(fused[i]).toBeCloseTo(separate[i], 5);
  });

  it('downsamples by averaging each 2×2 block exactly', () => {
    // One 4×4 example with 2 channels; channel 1 is channel 0 times 10.
    const plane = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
    const x = new Float32Array(32);
    plane.forEach((v, i) => {
      x[2 * i] = v;
      x[2 * i + 1] = 10 * v;
    });
    const out = downsample2x(x, 1, [4, 4, 2]);
    // Blocks: (1,2,5,6) → 3.5, (3,4,7,8) → 5.5, (9,10,13,14) → 11.5, (11,12,15,16) → 13.5.
    expect(Array.from(out)).toEqual([3.5, 35, 5.5, 55, 11.5, 115, 13.5, 135]);
  });

  it('drops an odd last row and column when downsampling', () => {
    const out = downsample2x(Float32Array.from({ length: 9 }, (_, i) => i), 1, [3, 3, 1]);
    expect(Array.from(out)).toEqual([(0 + 1 + 3 + 4) / 4]);
  });

  it('gathers and downsamples bytes the same as downsampling their floats', () => {
    const shape: Shape = [6, 4, 3];
    const bytes = randomBytes(7 * 72, 4);
    const indices = Uint32Array.of(5, 0, 3);
    const gathered = gatherImages(bytes, shape, indices, 2);
    const all = downsample2x(bytesToUnitFloat(bytes), 7, shape);
    const per = 3 * 2 * 3;
    indices.forEach((index, n) => {
      for (let j = 0; j < per; j++) expect(gathered[n * per + j]).toBeCloseTo(all[index * per + j], 6);
    });
  });
});

describe('subsets', () => {
  it('are the same for the same seed', () => {
    expect(Array.from(subsetIndices(1000, 50, 7))).toEqual(Array.from(subsetIndices(1000, 50, 7)));
  });

  it('differ between seeds', () => {
    expect(Array.from(subsetIndices(1000, 50, 7))).not.toEqual(Array.from(subsetIndices(1000, 50, 8)));
  });

  it('are ascending, distinct, and nested: a smaller subset lies inside a larger one', () => {
    const small = subsetIndices(500, 20, 3);
    const large = new Set(subsetIndices(500, 200, 3));
    expect(new Set(small).size).toBe(20);
    for (let i = 1; i < small.length; i++) expect(small[i]).toBeGreaterThan(small[i - 1]);
    for (const i of small) expect(large.has(i)).toBe(true);
  });

  it('keep every example in order when the limit is absent or too large', () => {
    expect(Array.from(subsetIndices(5, undefined, 1))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(subsetIndices(5, 9, 1))).toEqual([0, 1, 2, 3, 4]);
  });

  it('can be class-balanced', () => {
    const labels = Uint8Array.from({ length: 300 }, (_, i) => (i < 200 ? 0 : i < 280 ? 1 : 2));
    const chosen = balancedSubsetIndices(labels, 30, 5);
    const counts = [0, 0, 0];
    for (const i of chosen) counts[labels[i]]++;
    expect(counts).toEqual([10, 10, 10]);
    expect(Array.from(balancedSubsetIndices(labels, 30, 5))).toEqual(Array.from(chosen));
  });

  it('for evaluation copy the chosen examples and remember where they came from', () => {
    const per = 6;
    const split = { x: Float32Array.from({ length: 40 * per }, (_, i) => i), y: cyclicLabels(40), count: 40 };
    const subset = evaluationSubset(split, 8, 42);
    expect(subset.count).toBe(8);
    expect(subset.x.length).toBe(8 * per);
    subset.indices.forEach((index, n) => {
      expect(subset.x[n * per]).toBe(index * per);
      expect(subset.y[n]).toBe(split.y[index]);
    });
    expect(Array.from(evaluationSubset(split, 8, 42).indices)).toEqual(Array.from(subset.indices));
    expect(Array.from(evaluationSubset(split, 8, 43).indices)).not.toEqual(Array.from(subset.indices));
  });
});

describe('the seeded random generator', () => {
  it('repeats its stream for a seed and gives floats in [0, 1)', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    for (let i = 0; i < 100; i++) {
      const v = a();
      expect(v).toBe(b());
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
  });

  it('separates seeds that differ only beyond 32 bits or in sign', () => {
    expect(hashSeed(1)).not.toBe(hashSeed(1 + 2 ** 32));
    expect(hashSeed(-1)).not.toBe(hashSeed(1));
    expect(mulberry32(0)()).not.toBe(mulberry32(1)());
  });

  it('shuffles into a permutation, the same one per seed', () => {
    const p = permutation(100, 3);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(shuffledIndices(100, 3))).toEqual(Array.from(p));
  });

  it('draws normal samples with mean about 0 and std about 1', () => {
    const random = mulberry32(9);
    const xs = Array.from({ length: 20000 }, () => gaussian(random));
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
  });
});
