import { describe, expect, it } from 'vitest';
import { activationParamAxis, activationParamMask, activationParamValues, withActivationParam } from '../../src-main/engine/landscape/activation-axis.ts';
import { randomDirection, randomPlane } from '../../src-main/engine/landscape/directions.ts';
import type { RandomDirectionOptions } from '../../src-main/engine/landscape/directions.ts';
import { modelsPlane } from '../../src-main/engine/landscape/models-plane.ts';
import { perWeight, weightRoles } from '../../src-main/engine/landscape/weight-roles.ts';
import { mulberry32 } from '../../src-main/engine/data/seeded-random.ts';
import type { WeightLayout } from '../../src-main/engine/training/weights.ts';

function layoutOf(weights: Array<[string, number[]]>): WeightLayout {
  const offsets: number[] = [];
  let size = 0;
  for (const [, shape] of weights) {
    offsets.push(size);
    size += shape.reduce((n, d) => n * d, 1);
  }
  return { names: weights.map(([n]) => n), shapes: weights.map(([, s]) => s), offsets, size };
}

/** Weights whose filters (last axis) have very different norms, so a normalisation along the wrong axis shows. */
function weightsFor(layout: WeightLayout, seed = 7): Float32Array {
  const random = mulberry32(seed);
  const w = new Float32Array(layout.size);
  layout.names.forEach((_, i) => {
    const shape = layout.shapes[i];
    const filters = shape[shape.length - 1] ?? 1;
    for (let e = layout.offsets[i], k = 0; k < shape.reduce((n, d) => n * d, 1); e++, k++) w[e] = (random() - 0.5) * (1 + (k % filters) * 3);
  });
  return w;
}

const LAYOUT = layoutOf([
  ['conv1/kernel', [3, 3, 2, 4]],
  ['conv1/bias', [4]],
  ['bn1/gamma', [4]],
  ['bn1/beta', [4]],
  ['bn1/moving_mean', [4]],
  ['bn1/moving_variance', [4]],
  ['act1/z', [1]],
  ['dense1/kernel', [36, 5]],
  ['act2/z', [5]],
  ['logits/kernel', [5, 3]],
  ['logits/bias', [3]],
]);
const W = weightsFor(LAYOUT);
const slice = (v: Float32Array, name: string): Float32Array => perWeight(v, LAYOUT).find((p) => p.name === name)!.values;
const options = (o: Partial<RandomDirectionOptions> = {}): RandomDirectionOptions => ({
  seed: 1,
  normalization: 'filter',
  ignore: 'biasbn',
  activationParams: 'fixed',
  ...o,
});

/** Norms of each filter (index of the last axis) of a weight slice. */
function filterNorms(values: Float32Array, filters: number): number[] {
  const squares = new Array<number>(filters).fill(0);
  values.forEach((v, e) => (squares[e % filters] += v * v));
  return squares.map(Math.sqrt);
}
const frobenius = (values: Float32Array): number => Math.sqrt(values.reduce((s, v) => s + v * v, 0));

describe('random directions', () => {
  it('classify weights: kernels, rank ≤ 1 parameters, activation parameters and BN statistics', () => {
    expect(weightRoles(LAYOUT)).toEqual(['kernel', 'vector', 'vector', 'vector', 'statistic', 'statistic', 'activation', 'kernel', 'activation', 'kernel', 'vector']);
  });

  it('give each filter (last axis) of conv and dense kernels the norm of the same filter of the weights', () => {
    const d = randomDirection(W, LAYOUT, options());
    for (const [name, filters] of [['conv1/kernel', 4], ['dense1/kernel', 5], ['logits/kernel', 3]] as const) {
      const got = filterNorms(slice(d, name), filters);
      const want = filterNorms(slice(W, name), filters);
      got.forEach((n, f) => expect(n).toBeCloseTo(want[f], 5));
      // The filters' norms differ a lot, so normalising along another axis would not match.
      expect(Math.max(...want) / Math.min(...want)).toBeGreaterThan(2);
    }
  });

  it('scale a whole tensor to the weight norm in layer mode, and leave N(0, 1) draws in none mode', () => {
    const layer = randomDirection(W, LAYOUT, options({ normalization: 'layer' }));
    const none = randomDirection(W, LAYOUT, options({ normalization: 'none' }));
    const filter = randomDirection(W, LAYOUT, options());
    for (const name of ['conv1/kernel', 'dense1/kernel', 'logits/kernel']) {
      expect(frobenius(slice(layer, name))).toBeCloseTo(frobenius(slice(W, name)), 5);
      // All three modes scale the same draws: layer = none × one factor, filter = none × a factor per filter.
      const ratio = slice(layer, name)[0] / slice(none, name)[0];
      slice(layer, name).forEach((v, e) => expect(v).toBeCloseTo(slice(none, name)[e] * ratio, 5));
    }
    const filters = 5;
    const raw = slice(none, 'dense1/kernel');
    const scaled = slice(filter, 'dense1/kernel');
    raw.forEach((v, e) => expect(scaled[e] / v).toBeCloseTo(scaled[e % filters] / raw[e % filters], 4));
    const big = layoutOf([['big/kernel', [100, 200]]]);
    const draws = randomDirection(new Float32Array(big.size).fill(1), big, options({ normalization: 'none' }));
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('give rank ≤ 1 parameters a zero direction with ignore biasbn, and the parameter itself with ignore none', () => {
    const biasbn = randomDirection(W, LAYOUT, options());
    const none = randomDirection(W, LAYOUT, options({ ignore: 'none' }));
    for (const name of ['conv1/bias', 'bn1/gamma', 'bn1/beta', 'logits/bias']) {
      expect(Array.from(slice(biasbn, name)).every((v) => v === 0)).toBe(true);
      expect(slice(none, name)).toEqual(slice(W, name));
    }
  });

  it('never move BN moving statistics, whatever the options', () => {
    for (const ignore of ['biasbn', 'none'] as const) {
      for (const activationParams of ['fixed', 'move'] as const) {
        const d = randomDirection(W, LAYOUT, options({ ignore, activationParams }));
        for (const name of ['bn1/moving_mean', 'bn1/moving_variance']) expect(Array.from(slice(d, name)).every((v) => v === 0)).toBe(true);
      }
    }
  });

  it('keep activation parameters still when fixed, and move them when asked', () => {
    for (const ignore of ['biasbn', 'none'] as const) {
      const fixed = randomDirection(W, LAYOUT, options({ ignore }));
      expect(Array.from(slice(fixed, 'act2/z')).every((v) => v === 0)).toBe(true);
    }
    expect(slice(randomDirection(W, LAYOUT, options({ ignore: 'none', activationParams: 'move' })), 'act2/z')).toEqual(slice(W, 'act2/z'));
    const moving = slice(randomDirection(W, LAYOUT, options({ activationParams: 'move' })), 'act2/z');
    // Filter mode on a per-channel parameter: each element is a filter, so ±|z|.
    moving.forEach((v, e) => expect(Math.abs(v)).toBeCloseTo(Math.abs(slice(W, 'act2/z')[e]), 6));
    const layer = slice(randomDirection(W, LAYOUT, options({ activationParams: 'move', normalization: 'layer' })), 'act2/z');
    expect(frobenius(layer)).toBeCloseTo(frobenius(slice(W, 'act2/z')), 6);
  });

  it('are identical for the same seed and differ for another seed or axis', () => {
    const a = randomDirection(W, LAYOUT, options({ seed: 42 }));
    const b = randomDirection(W, LAYOUT, options({ seed: 42 }));
    expect(new Uint32Array(a.buffer)).toEqual(new Uint32Array(b.buffer));
    const other = randomDirection(W, LAYOUT, options({ seed: 43 }));
    expect(slice(other, 'conv1/kernel')).not.toEqual(slice(a, 'conv1/kernel'));
    const [x, y] = randomPlane(W, LAYOUT, { ...options({ seed: 42 }), twoDimensional: true });
    expect(x).toEqual(a);
    expect(slice(y!, 'conv1/kernel')).not.toEqual(slice(x, 'conv1/kernel'));
    expect(randomPlane(W, LAYOUT, { ...options(), twoDimensional: false })[1]).toBeNull();
  });

  it("draw each weight from its own stream, so one weight's direction does not depend on the others' sizes", () => {
    const small = layoutOf([['conv1/kernel', [3, 3, 2, 4]], ['dense1/kernel', [8, 2]]]);
    const large = layoutOf([['conv1/kernel', [3, 3, 2, 4]], ['dense1/kernel', [80, 2]]]);
    const first = (l: WeightLayout): Float32Array => randomDirection(weightsFor(l), l, options({ normalization: 'none' })).subarray(0, 72);
    expect(first(small)).toEqual(first(large));
  });
});

describe('planes through trained models', () => {
  const b = weightsFor(LAYOUT, 8);
  const c = weightsFor(LAYOUT, 9);

  it('span from model A to B and C, BN statistics included by default', () => {
    const plane = modelsPlane(LAYOUT, [W, b, c]);
    expect(plane.origin).toBe(W);
    plane.d1.forEach((v, e) => expect(v).toBe(Math.fround(b[e] - W[e])));
    plane.d2!.forEach((v, e) => expect(v).toBe(Math.fround(c[e] - W[e])));
    expect(Array.from(slice(plane.d1, 'bn1/moving_mean')).some((v) => v !== 0)).toBe(true);
  });

  it("keep model A's BN statistics when asked, and refuse other counts or sizes", () => {
    const line = modelsPlane(LAYOUT, [W, b], { statistics: 'fixed' });
    expect(line.d2).toBeNull();
    expect(Array.from(slice(line.d1, 'bn1/moving_variance')).every((v) => v === 0)).toBe(true);
    expect(slice(line.d1, 'conv1/bias')).toEqual(slice(modelsPlane(LAYOUT, [W, b]).d1, 'conv1/bias'));
    expect(() => modelsPlane(LAYOUT, [W])).toThrow(/2 or 3/);
    expect(() => modelsPlane(LAYOUT, [W, b.subarray(1)])).toThrow(/layout has/);
  });
});

describe('the activation-parameter axis', () => {
  it('sets a parameter to an absolute value in every activation layer and nowhere else', () => {
    const set = withActivationParam(W, LAYOUT, 'z', 0.75);
    expect(activationParamValues(set, LAYOUT, 'z')).toEqual([0.75, 0.75, 0.75, 0.75, 0.75, 0.75]);
    set.forEach((v, e) => {
      if (activationParamMask(LAYOUT, 'z')[e] === 0) expect(v).toBe(W[e]);
    });
    expect(W[LAYOUT.offsets[6]]).not.toBe(0.75);
  });

  it('is a plane whose coordinate is the parameter value exactly', () => {
    const axis = activationParamAxis(W, LAYOUT, 'z');
    for (const value of [0.1, 0.5, 1.3]) {
      const point = axis.origin.map((o, e) => Math.fround(o + Math.fround(value * axis.direction[e])));
      expect(activationParamValues(point, LAYOUT, 'z')).toEqual(new Array(6).fill(Math.fround(value)));
    }
  });

  it('names the parameters a model does have when asked for one it lacks', () => {
    expect(() => withActivationParam(W, LAYOUT, 'k', 1)).toThrow(/no activation parameter "k".*: z/);
  });
});
