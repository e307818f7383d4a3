/**
 * Every activation's ONNX form against its TensorFlow.js `apply`, element by
 * element, on inputs where the guards bind: huge and tiny |x|, 0, and
 * parameters far from their inits (exponents that overflow, widths near 0).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { activationNames, getActivation } from '../../src-main/engine/activations/index.ts';
import { emitActivation } from '../../src-main/engine/interop/onnx/activation-ops.ts';
import { ElemType, OnnxGraph } from '../../src-main/engine/interop/onnx/onnx-graph.ts';

const X = Float32Array.from([-1e6, -300, -25, -3, -1, -1e-3, -1e-8, 0, 1e-8, 1e-3, 0.5, 1, 3, 25, 300, 1e6]);
const PARAMETER_SETS: Record<string, number>[] = [{}, { z: 3, w: 0.7, k: 3 }, { z: 1e-4, w: 1e-5, k: -0.5 }, { z: -0.5, w: -2, k: 1.5 }];

async function onnxValues(name: string, params: Record<string, number>): Promise<Float32Array> {
  const g = new OnnxGraph('activation');
  const x = g.input('x', ElemType.float, [X.length]);
  const names: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) names[key] = g.floats(`p_${key}`, new Float32Array([value]), [1]);
  g.output(emitActivation(g, name, x, names), 'y', ElemType.float, [X.length]);
  const session = await ort.InferenceSession.create(g.encode('test'));
  const out = (await session.run({ x: new ort.Tensor('float32', X, [X.length]) })).y!.data as Float32Array;
  await session.release();
  return out;
}

describe('ONNX activations where the guards bind', () => {
  it.each(activationNames())('%s equals TensorFlow.js element by element', async (name) => {
    const def = getActivation(name);
    for (const set of PARAMETER_SETS) {
      const params = Object.fromEntries(def.params.map((p) => [p.name, set[p.name] ?? p.init]));
      const expected = tf.tidy(() => {
        const tensors = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, tf.tensor1d([v])]));
        return def.apply(tf.tensor1d(X), tensors).dataSync() as Float32Array;
      });
      const actual = await onnxValues(name, params);
      actual.forEach((value, i) => {
        const reference = expected[i]!;
        if (!Number.isFinite(reference)) expect(value, `${name} ${JSON.stringify(params)} at x = ${X[i]}`).toBe(reference);
        else expect(Math.abs(value - reference), `${name} ${JSON.stringify(params)} at x = ${X[i]}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(reference)));
      });
    }
  });
});
