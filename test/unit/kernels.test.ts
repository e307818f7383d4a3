// The replacement training kernels against a plain-JS convolution written
// here from TensorFlow's definitions, and against the kernels TF.js shipped.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers the gradients; tfjs-core alone has none.
import '@tensorflow/tfjs-layers';
import type { KernelConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';
import {
  buildReplacement,
  invokeKernel,
  plannedReplacements,
  registerTrainingKernels,
  registeredKernel,
  shippedKernel,
} from '../../src-main/engine/kernels/register-training-kernels.ts';

const backend = tf.getBackend();
const TOLERANCE = 1e-4;

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
interface ConvCase {
  name: string;
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
}

const CASES: ConvCase[] = [];
for (const strides of [[1, 1], [2, 2], [3, 3], [1, 2], [2, 1]] as [number, number][]) {
  for (const pad of ['same', 'valid'] as const) {
    CASES.push({ name: `7×9 input, 3×5 filter, strides ${strides}, ${pad}`, x: [2, 7, 9, 3], f: [3, 5, 3, 5], strides, pad });
  }
}
CASES.push(
  { name: '8×8 input, 3×3 filter, stride 2, valid (a row no tap reads)', x: [2, 8, 8, 2], f: [3, 3, 2, 4], strides: [2, 2], pad: 'valid' },
  { name: '6×7 input, 1×1 filter, stride 3 (stride wider than the filter)', x: [2, 6, 7, 3], f: [1, 1, 3, 2], strides: [3, 3], pad: 'same' },
  { name: '8×8 input, 4×4 filter, stride 1, same (even filter)', x: [1, 8, 8, 1], f: [4, 4, 1, 3], strides: [1, 1], pad: 'same' },
  { name: '5×6 input, 3×3 filter, 70 output channels (rows copied whole)', x: [2, 5, 6, 2], f: [3, 3, 2, 70], strides: [1, 1], pad: 'same' },
  { name: '7×9 input, 3×5 filter, stride 2, explicit pads', x: [2, 7, 9, 3], f: [3, 5, 3, 5], strides: [2, 2], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
);

/** Deterministic values in [-1, 1), so a failure reproduces. */
function seeded(shape: number[], seed: number): Tensor {
  let s = seed >>> 0;
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1)).map(() => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * 2 - 1;
  });
  return tf.tensor(values, shape);
}

/** Output size and leading pad of one spatial axis, as TensorFlow defines them. */
function axis(inSize: number, filter: number, stride: number, pad: Pad, dim: 1 | 2): { out: number; before: number } {
  if (pad === 'valid') return { out: Math.ceil((inSize - filter + 1) / stride), before: 0 };
  if (pad === 'same') {
    const out = Math.ceil(inSize / stride);
    return { out, before: Math.floor(Math.max(0, (out - 1) * stride + filter - inSize) / 2) };
  }
  const [before, after] = pad[dim];
  return { out: Math.floor((inSize + before + after - filter) / stride) + 1, before };
}

/**
 * Visits every (input element, filter element, output element) triple a
 * direct NHWC convolution multiplies; forward and both gradients are sums
 * over these triples.
 */
function forEachTap(c: ConvCase, visit: (xi: number, fi: number, yi: number) => void): [number, number, number, number] {
  const [n, h, w, ci] = c.x;
  const [fh, fw, , co] = c.f;
  const rows = axis(h, fh, c.strides[0], c.pad, 1);
  const cols = axis(w, fw, c.strides[1], c.pad, 2);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < rows.out; y++)
      for (let x = 0; x < cols.out; x++)
        for (let i = 0; i < fh; i++)
          for (let j = 0; j < fw; j++) {
            const r = y * c.strides[0] + i - rows.before;
            const q = x * c.strides[1] + j - cols.before;
            if (r < 0 || r >= h || q < 0 || q >= w) continue;
            for (let k = 0; k < ci; k++)
              for (let o = 0; o < co; o++) {
                visit(((b * h + r) * w + q) * ci + k, ((i * fw + j) * ci + k) * co + o, ((b * rows.out + y) * cols.out + x) * co + o);
              }
          }
  return [n, rows.out, cols.out, co];
}

function referenceGradients(c: ConvCase, x: Float32Array, f: Float32Array, dy: Float32Array) {
  const dx = new Float64Array(x.length);
  const dW = new Float64Array(f.length);
  forEachTap(c, (xi, fi, yi) => {
    dx[xi] += f[fi] * dy[yi];
    dW[fi] += x[xi] * dy[yi];
  });
  return { dx, dW };
}

function dyShape(c: ConvCase): [number, number, number, number] {
  return forEachTap(c, () => {});
}

function maxAbsDiff(actual: Tensor, expected: ArrayLike<number>): number {
  const values = actual.dataSync();
  expect(values.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < values.length; i++) worst = Math.max(worst, Math.abs(values[i] - expected[i]));
  return worst;
}

function run(config: KernelConfig | null, inputs: Record<string, Tensor>, attrs: NamedAttrMap): Tensor {
  if (!config) throw new Error('no kernel to run');
  return invokeKernel(config, inputs, attrs);
}

function convFixture(c: ConvCase) {
  const x = seeded(c.x, 1);
  const f = seeded(c.f, 2);
  const dy = seeded(dyShape(c), 3);
  const ref = referenceGradients(c, x.dataSync() as Float32Array, f.dataSync() as Float32Array, dy.dataSync() as Float32Array);
  const common = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC' };
  return { x, f, dy, ref, filterAttrs: { ...common, filterShape: c.f }, inputAttrs: { ...common, inputShape: c.x } };
}

describe(`replacement training kernels on ${backend}`, () => {
  const filterKernel = buildReplacement(tf.Conv2DBackpropFilter, backend, shippedKernel(tf.Conv2DBackpropFilter, backend));
  const inputKernel = buildReplacement(tf.Conv2DBackpropInput, backend, shippedKernel(tf.Conv2DBackpropInput, backend));

  describe.each(CASES)('for a $name', (c) => {
    it('computes the filter gradient the plain-JS reference computes', () => {
      const { x, dy, ref, filterAttrs } = convFixture(c);
      expect(maxAbsDiff(run(filterKernel, { x, dy }, filterAttrs), ref.dW)).toBeLessThanOrEqual(TOLERANCE);
    });

    it('computes the input gradient the plain-JS reference computes', () => {
      const { f, dy, ref, inputAttrs } = convFixture(c);
      expect(maxAbsDiff(run(inputKernel, { dy, filter: f }, inputAttrs), ref.dx)).toBeLessThanOrEqual(TOLERANCE);
    });

    it('agrees with every gradient kernel TF.js ships for this backend', () => {
      const { x, f, dy, filterAttrs, inputAttrs } = convFixture(c);
      const shippedFilter = shippedKernel(tf.Conv2DBackpropFilter, backend);
      if (shippedFilter) {
        const expected = run(shippedFilter, { x, dy }, filterAttrs).dataSync();
        expect(maxAbsDiff(run(filterKernel, { x, dy }, filterAttrs), expected)).toBeLessThanOrEqual(TOLERANCE);
      }
      const expected = run(shippedKernel(tf.Conv2DBackpropInput, backend), { dy, filter: f }, inputAttrs).dataSync();
      expect(maxAbsDiff(run(inputKernel, { dy, filter: f }, inputAttrs), expected)).toBeLessThanOrEqual(TOLERANCE);
    });

    it('gives tf.grad of tf.conv2d the reference gradients through the registered kernels', () => {
      const { x, f, dy, ref } = convFixture(c);
      const [dx, dW] = tf.grads((xs: Tensor, fs: Tensor) =>
        tf.sum(tf.mul(tf.conv2d(xs as tf.Tensor4D, fs as tf.Tensor4D, c.strides, c.pad), dy)),
      )([x, f]);
      expect(maxAbsDiff(dx, ref.dx)).toBeLessThanOrEqual(TOLERANCE);
      expect(maxAbsDiff(dW, ref.dW)).toBeLessThanOrEqual(TOLERANCE);
    });
  });
});

describe(`matMul with transposed operands on ${backend}`, () => {
  function reference(a: Tensor, b: Tensor, ta: boolean, tb: boolean): Float64Array {
    const [batch, ar, ac] = a.shape as number[];
    const [, br, bc] = b.shape as number[];
    const [m, k, n] = [ta ? ac : ar, ta ? ar : ac, tb ? br : bc];
    const av = a.dataSync();
    const bv = b.dataSync();
    const out = new Float64Array(batch * m * n);
    for (let p = 0; p < batch; p++)
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++)
          for (let q = 0; q < k; q++) {
            const aq = ta ? q * ac + i : i * ac + q;
            const bq = tb ? j * bc + q : q * bc + j;
            out[(p * m + i) * n + j] += av[p * ar * ac + aq] * bv[p * br * bc + bq];
          }
    return out;
  }

  const combos = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const;
  it.each(combos)('multiplies like the reference with transposeA=%s and transposeB=%s', (ta, tb) => {
    const a = seeded(ta ? [3, 17, 13] : [3, 13, 17], 4);
    const b = seeded(tb ? [3, 11, 17] : [3, 17, 11], 5);
    const expected = reference(a, b, ta, tb);
    expect(maxAbsDiff(tf.matMul(a, b, ta, tb), expected)).toBeLessThanOrEqual(TOLERANCE);
    for (const name of [tf.BatchMatMul, tf._FusedMatMul] as const) {
      const replacement = buildReplacement(name, backend, shippedKernel(name, backend));
      const attrs = { transposeA: ta, transposeB: tb, activation: 'linear' };
      expect(maxAbsDiff(run(replacement, { a, b }, attrs), expected)).toBeLessThanOrEqual(TOLERANCE);
    }
    const first = (t: Tensor) => tf.reshape(tf.slice(t, 0, 1), t.shape.slice(1) as [number, number]) as tf.Tensor2D;
    const rank2 = tf.fused.matMul({ a: first(a), b: first(b), transposeA: ta, transposeB: tb });
    expect(maxAbsDiff(rank2, expected.subarray(0, rank2.size))).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe(`registration on ${backend}`, () => {
  it('registers exactly the planned replacements, and registering again changes nothing', () => {
    const before = plannedReplacements(backend).map((name) => registeredKernel(name, backend));
    registerTrainingKernels(backend);
    const after = plannedReplacements(backend).map((name) => registeredKernel(name, backend));
    expect(after).toEqual(before);
    for (const [i, name] of plannedReplacements(backend).entries()) {
      expect(after[i]).not.toBe(shippedKernel(name, backend));
    }
  });

  it('leaves backends other than wasm and cpu alone', () => {
    const before = registeredKernel(tf.Conv2DBackpropFilter, 'webgl');
    registerTrainingKernels('webgl');
    expect(plannedReplacements('webgl')).toEqual([]);
    expect(registeredKernel(tf.Conv2DBackpropFilter, 'webgl')).toBe(before);
  });

  it('refuses NCHW clearly where nothing shipped, and otherwise hands it to the shipped kernel', () => {
    const c = CASES[0];
    const x = seeded([c.x[0], c.x[3], c.x[1], c.x[2]], 1);
    const dy = seeded([2, 5, 7, 9], 3);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: c.f };
    const shipped = shippedKernel(tf.Conv2DBackpropFilter, backend);
    const filterKernel = buildReplacement(tf.Conv2DBackpropFilter, backend, shipped);
    if (shipped) {
      const expected = run(shipped, { x, dy }, attrs).dataSync();
      expect(maxAbsDiff(run(filterKernel, { x, dy }, attrs), expected)).toBe(0);
    } else {
      expect(() => run(filterKernel, { x, dy }, attrs)).toThrow(/NCHW.*supports NHWC/);
    }
  });

  it('refuses a dilated forward conv where nothing shipped to fall back to', () => {
    const { x, dy, filterAttrs } = convFixture(CASES[0]);
    const filterKernel = buildReplacement(tf.Conv2DBackpropFilter, backend, null);
    expect(() => run(filterKernel, { x, dy }, { ...filterAttrs, dilations: [2, 2] })).toThrow(/dilations 2,2 are not supported/);
  });
});

describe(`memory on ${backend}`, () => {
  const c = CASES.find((k) => k.strides[0] === 2 && k.strides[1] === 2 && k.pad === 'same')!;
  const calls: [string, () => Tensor][] = [
    [tf.Conv2DBackpropFilter, () => {
      const { x, dy, filterAttrs } = convFixture(c);
      return tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, filterAttrs as unknown as NamedAttrMap) as Tensor;
    }],
    [tf.Conv2DBackpropInput, () => {
      const { f, dy, inputAttrs } = convFixture(c);
      return run(buildReplacement(tf.Conv2DBackpropInput, backend, shippedKernel(tf.Conv2DBackpropInput, backend)), { dy, filter: f }, inputAttrs);
    }],
    ['transposed matMul', () => tf.matMul(seeded([2, 9, 4], 1), seeded([2, 6, 9], 2), true, true)],
    ['conv2d gradient', () => tf.grad((xs: Tensor) => tf.sum(tf.conv2d(xs as tf.Tensor4D, seeded(c.f, 2) as tf.Tensor4D, 2, 'same')))(seeded(c.x, 1))],
  ];

  it.each(calls)('leaves no tensor or backend buffer behind after repeated %s calls', (_name, call) => {
    tf.dispose(tf.tidy(call)); // burn-in: first calls may cache kernels
    const tensors = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    for (let i = 0; i < 5; i++) tf.dispose(tf.tidy(call));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(buffers);
  });
});
