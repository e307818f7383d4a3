/**
 * The constant-weights surface model: writing a point's weights into the
 * encoded bytes gives the same losses as the graph that forms θ₀ + α·d₁ + β·d₂
 * from inputs, for a plane that moves kernels and activation parameters.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildNetworkGraph } from '../../src-main/engine/interop/onnx/network-graph.ts';
import { buildPatchableModel, writePoint } from '../../src-main/engine/interop/onnx/patchable-model.ts';
import { describeNetwork } from '../../src-main/engine/interop/network-description.ts';
import { randomPlane } from '../../src-main/engine/landscape/index.ts';
import { readAllWeights } from '../../src-main/engine/training/weights.ts';
import { disposeBatches, randomBatches, tinyNetwork } from './landscape-fixtures.ts';

describe('patchable ONNX surface model', () => {
  it.each(['relu', 'tsqrt_tanh'])('%s: a point written into the bytes equals the point fed as inputs', async (activation) => {
    const model = tinyNetwork(4, activation);
    const [batch] = randomBatches([32], [8, 8, 3], 3, 9);
    try {
      const description = describeNetwork(model);
      const weights = readAllWeights(model);
      const [d1, d2] = randomPlane(weights, description.layout, { seed: 2, normalization: 'filter', ignore: 'biasbn', activationParams: 'move', twoDimensional: true });
      const plane = { origin: null, d1, d2 };
      const patchable = buildPatchableModel(description, { weights, plane, producerVersion: 'test' });
      // The kernels move, and with `activationParams: move` the activation parameters (BN γ/β stay: biasbn).
      const kernels = ['conv1.weight', 'conv2.weight', 'dense1.weight', 'logits.weight'];
      const expected = activation === 'relu' ? kernels : ['conv1.weight', 'act1.k', 'conv2.weight', 'act2.k', 'dense1.weight', 'act3.k', 'logits.weight'];
      expect(patchable.slots.map((s) => s.name)).toEqual(expected);
      const inputs = await ort.InferenceSession.create(buildNetworkGraph(description, { weights, plane, head: 'loss', producerVersion: 'test' }));
      const x = new ort.Tensor('float32', tf.tidy(() => tf.transpose(batch!.x, [0, 3, 1, 2]).dataSync() as Float32Array), [32, 3, 8, 8]);
      const labels = new ort.Tensor('int64', BigInt64Array.from(batch!.y.dataSync(), (v) => BigInt(v)), [32]);
      for (const [alpha, beta] of [[0, 0], [0.7, -0.2], [-1, 1]] as const) {
        writePoint(patchable, alpha, beta);
        const constant = await ort.InferenceSession.create(patchable.bytes);
        const a = (await constant.run({ input: x, labels })).losses!.data as Float32Array;
        const b = (await inputs.run({ input: x, labels, alpha: new ort.Tensor('float32', [alpha], [1]), beta: new ort.Tensor('float32', [beta], [1]) })).losses!.data as Float32Array;
        a.forEach((loss, i) => expect(Math.abs(loss - b[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(b[i]!))));
        await constant.release();
      }
      await inputs.release();
    } finally {
      disposeBatches([batch!]);
      model.dispose();
    }
  });
});
