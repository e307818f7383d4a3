// The MaxPoolGrad replacement against TensorFlow's definition written here
// in plain JS, against the cpu kernel TF.js ships (which follows it), and
// against wasm's shipped kernel, which does not for ties and for windows
// whose maximum is not positive.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers the gradients; tfjs-core alone has none.
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import type { KernelBackend, KernelConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';
import {
  buildReplacement,
  invokeKernel,
  plannedReplacements,
  registeredKernel,
  shippedKernel,
} from '../../src-main/engine/kernels/register-training-kernels.ts';

const backend = tf.getBackend();
const TOLERANCE = 1e-6;

type Shape4 = [number, number, number, number];
interface PoolCase {
  name: string;
  x: Shape4;
  filter: [number, number];
  strides: [number, number];
  pad: 'same' | 'valid';
}

const CASES: PoolCase[] = [
  { name: '2×2 stride 2 valid on 8×8', x: [2, 8, 8, 3], filter: [2, 2], strides: [2, 2], pad: 'valid' },
  { name: '2×2 stride 2 valid on odd 7×9 (a row and a column in no window)', x: [2, 7, 9, 3], filter: [2, 2], strides: [2, 2], pad: 'valid' },
  { name: '2×2 stride 2 same on odd 7×9 (padding below and right)', x: [2, 7, 9, 3], filter: [2, 2], strides: [2, 2], pad: 'same' },
  { name: '3×3 stride 3 valid on 9×9', x: [1, 9, 9, 4], filter: [3, 3], strides: [3, 3], pad: 'valid' },
  { name: '3×3 stride 2 same on 7×8 (overlapping windows, padding all round)', x: [2, 7, 8, 2], filter: [3, 3], strides: [2, 2], pad: 'same' },
  { name: '3×3 stride 1 same on 5×6 (every pixel in up to 9 windows)', x: [1, 5, 6, 3], filter: [3, 3], strides: [1, 1], pad: 'same' },
  { name: '2×3 filter, strides 1×2, valid on 6×7', x: [2, 6, 7, 2], filter: [2, 3], strides: [1, 2], pad: 'valid' },
];

/** Deterministic values; `ties` draws integers in [-2, 2], so windows tie and many maxima are ≤ 0. */
function seededValues(size: number, seed: number, kind: 'ties' | 'continuous' | 'positive'): Float32Array {
  let s = seed >>> 0;
  return new Float32Array(size).map(() => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    const u = ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    if (kind === 'ties') return Math.floor(u * 5) - 2;
    return kind === 'positive' ? 0.5 + u : u * 2 - 1;
  });
}

/** Output size and leading pad of one spatial axis, as TensorFlow defines them. */
function axis(inSize: number, filter: number, stride: number, pad: PoolCase['pad']): { out: number; before: number } {
  if (pad === 'valid') return { out: Math.ceil((inSize - filter + 1) / stride), before: 0 };
  const out = Math.ceil(inSize / stride);
  return { out, before: Math.floor(Math.max(0, (out - 1) * stride + filter - inSize) / 2) };
}

function outShape(c: PoolCase): Shape4 {
  return [c.x[0], axis(c.x[1], c.filter[0], c.strides[0], c.pad).out, axis(c.x[2], c.filter[1], c.strides[1], c.pad).out, c.x[3]];
}

/** TensorFlow's MaxPoolGrad: each window's gradient to its first maximum (row-major), padding excluded, overlaps summed. */
function referenceGradient(c: PoolCase, x: Float32Array, dy: Float32Array): Float64Array {
  const [n, h, w, ch] = c.x;
  const rows = axis(h, c.filter[0], c.strides[0], c.pad);
  const cols = axis(w, c.filter[1], c.strides[1], c.pad);
  const dx = new Float64Array(x.length);
  for (let b = 0; b < n; b++)
    for (let yr = 0; yr < rows.out; yr++)
      for (let yc = 0; yc < cols.out; yc++)
        for (let k = 0; k < ch; k++) {
          const candidates: number[] = [];
          for (let i = 0; i < c.filter[0]; i++)
            for (let j = 0; j < c.filter[1]; j++) {
              const r = yr * c.strides[0] + i - rows.before;
              const q = yc * c.strides[1] + j - cols.before;
              if (r >= 0 && r < h && q >= 0 && q < w) candidates.push(((b * h + r) * w + q) * ch + k);
            }
          const max = Math.max(...candidates.map((i) => x[i]));
          const first = candidates.find((i) => x[i] === max);
          if (first !== undefined) dx[first] += dy[((b * rows.out + yr) * cols.out + yc) * ch + k];
        }
  return dx;
}

function maxAbsDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

function attrsOf(c: PoolCase): NamedAttrMap {
  return { filterSize: c.filter, strides: c.strides, pad: c.pad };
}

function fixture(c: PoolCase, kind: 'ties' | 'continuous' | 'positive') {
  const xValues = seededValues(c.x.reduce((a, b) => a * b, 1), 11, kind);
  const dyShape = outShape(c);
  const dyValues = seededValues(dyShape.reduce((a, b) => a * b, 1), 12, 'continuous');
  const x = tf.tensor4d(xValues, c.x);
  return {
    xValues,
    dyValues,
    dyShape,
    inputs: { dy: tf.tensor4d(dyValues, dyShape), input: x, output: tf.maxPool(x, c.filter, c.strides, c.pad) },
    expected: referenceGradient(c, xValues, dyValues),
  };
}

function run(config: KernelConfig | null, inputs: Record<string, Tensor>, attrs: NamedAttrMap): Float32Array {
  if (!config) throw new Error('no kernel to run');
  const out = invokeKernel(config, inputs, attrs);
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return values;
}

/** Runs cpu's shipped MaxPoolGrad on the cpu backend itself, whichever backend the suite runs on. */
function runShippedCpu(c: PoolCase, f: ReturnType<typeof fixture>): Float32Array {
  const cpu = tf.findBackend('cpu') as KernelBackend;
  const kernel = shippedKernel(tf.MaxPoolGrad, 'cpu');
  if (!kernel) throw new Error('TF.js ships a cpu MaxPoolGrad');
  const info = (values: Float32Array, shape: Shape4) => ({ dataId: cpu.write(values, shape, 'float32'), shape, dtype: 'float32' as const });
  const inputs = { dy: info(f.dyValues, f.dyShape), input: info(f.xValues, c.x), output: info(f.inputs.output.dataSync() as Float32Array, f.dyShape) };
  const out = kernel.kernelFunc({ inputs, attrs: attrsOf(c), backend: cpu });
  if (Array.isArray(out)) throw new Error('one output expected');
  const values = cpu.readSync(out.dataId) as Float32Array;
  for (const t of [...Object.values(inputs), out]) cpu.disposeData(t.dataId);
  return values;
}

const replacement = buildReplacement(tf.MaxPoolGrad, backend, shippedKernel(tf.MaxPoolGrad, backend));

describe(`MaxPoolGrad replacement on ${backend}`, () => {
  describe.each(CASES)('for $name', (c) => {
    it.each(['ties', 'continuous'] as const)('computes the gradient TensorFlow defines on %s values', (kind) => {
      const f = fixture(c, kind);
      expect(maxAbsDiff(run(replacement, f.inputs, attrsOf(c)), f.expected)).toBeLessThanOrEqual(TOLERANCE);
    });

    it.each(['ties', 'continuous'] as const)("equals the cpu kernel TF.js ships on %s values", (kind) => {
      const f = fixture(c, kind);
      expect(maxAbsDiff(run(replacement, f.inputs, attrsOf(c)), runShippedCpu(c, f))).toBeLessThanOrEqual(TOLERANCE);
    });

    it(`equals the ${backend} kernel TF.js ships where every window has one positive maximum`, () => {
      const f = fixture(c, 'positive');
      const shipped = run(shippedKernel(tf.MaxPoolGrad, backend), f.inputs, attrsOf(c));
      expect(maxAbsDiff(run(replacement, f.inputs, attrsOf(c)), shipped)).toBeLessThanOrEqual(TOLERANCE);
    });

    it('gives tf.grad of tf.maxPool the reference gradient through the registered kernel', () => {
      const f = fixture(c, 'ties');
      const dx = tf.grad((x: Tensor) => tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, c.filter, c.strides, c.pad), f.inputs.dy)))(f.inputs.input);
      expect(maxAbsDiff(dx.dataSync(), f.expected)).toBeLessThanOrEqual(TOLERANCE);
    });
  });

  // Why wasm's kernel is replaced whatever its speed: it breaks the definition on exactly these windows.
  const shippedFollowsTf = backend !== 'wasm';
  it(`follows TensorFlow on tied and non-positive windows, which the shipped ${backend} kernel ${shippedFollowsTf ? 'also does' : 'does not'}`, () => {
    const c = CASES[0];
    const f = fixture(c, 'ties');
    expect(maxAbsDiff(run(replacement, f.inputs, attrsOf(c)), f.expected)).toBeLessThanOrEqual(TOLERANCE);
    const shippedError = maxAbsDiff(run(shippedKernel(tf.MaxPoolGrad, backend), f.inputs, attrsOf(c)), f.expected);
    if (shippedFollowsTf) expect(shippedError).toBeLessThanOrEqual(TOLERANCE);
    else expect(shippedError).toBeGreaterThan(0.1);
  });

  it('sends nothing from a window of −∞ and NaN, and never picks a NaN', () => {
    const c: PoolCase = { name: 'special values', x: [1, 2, 4, 1], filter: [2, 2], strides: [2, 2], pad: 'valid' };
    const xValues = new Float32Array([-Infinity, NaN, NaN, 3, NaN, -Infinity, 2, NaN]);
    const x = tf.tensor4d(xValues, c.x);
    const dy = tf.tensor4d([5, 7], [1, 1, 2, 1]);
    const dx = run(replacement, { dy, input: x, output: tf.maxPool(x, 2, 2, 'valid') }, attrsOf(c));
    expect(Array.from(dx)).toEqual([0, 0, 0, 7, 0, 0, 0, 0]);
  });
});

describe(`MaxPoolGrad registration and fallback on ${backend}`, () => {
  it('is registered in place of the shipped kernel', () => {
    expect(plannedReplacements(backend)).toContain(tf.MaxPoolGrad);
    expect(registeredKernel(tf.MaxPoolGrad, backend)).not.toBe(shippedKernel(tf.MaxPoolGrad, backend));
  });

  it('hands a non-float32 input to the shipped kernel, and refuses it clearly where none shipped', () => {
    const calls: string[] = [];
    const fake: KernelConfig = {
      kernelName: tf.MaxPoolGrad,
      backendName: backend,
      kernelFunc: (args) => {
        calls.push(args.inputs.input!.dtype);
        const shape = [1, 2, 2, 1];
        return { dataId: tf.backend().write(new Float32Array(4), shape, 'float32'), shape, dtype: 'float32' };
      },
    };
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1], 'int32');
    const inputs = { dy: tf.tensor4d([1], [1, 1, 1, 1]), input: x, output: tf.tensor4d([4], [1, 1, 1, 1], 'int32') };
    const attrs = { filterSize: 2, strides: 2, pad: 'valid' };
    run(buildReplacement(tf.MaxPoolGrad, backend, fake), inputs, attrs);
    expect(calls).toEqual(['int32']);
    expect(() => run(buildReplacement(tf.MaxPoolGrad, backend, null), inputs, attrs)).toThrow(/dtype int32\/float32 is not supported/);
  });

  it('refuses a dy whose shape is not the pooling output', () => {
    const c = CASES[0];
    const f = fixture(c, 'continuous');
    expect(() => run(replacement, { ...f.inputs, dy: tf.zeros([2, 3, 4, 3]) }, attrsOf(c))).toThrow(/dy has shape \[2,3,4,3\]/);
  });
});

describe(`MaxPoolGrad memory on ${backend}`, () => {
  const c = CASES[4];
  const calls: [string, () => Tensor][] = [
    ['kernel', () => {
      const f = fixture(c, 'ties');
      return invokeKernel(replacement!, f.inputs, attrsOf(c));
    }],
    ['maxPool gradient', () => tf.grad((x: Tensor) => tf.sum(tf.maxPool(x as tf.Tensor4D, c.filter, c.strides, c.pad)))(tf.randomNormal(c.x))],
  ];

  it.each(calls)('leaves no tensor or backend buffer behind after repeated %s calls', (_name, call) => {
    tf.dispose(tf.tidy(call));
    const tensors = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    for (let i = 0; i < 5; i++) tf.dispose(tf.tidy(call));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(buffers);
  });
});
