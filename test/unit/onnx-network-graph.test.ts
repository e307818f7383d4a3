/**
 * The ONNX graph builder against TensorFlow.js: for every activation of the
 * registry, BN on and off, per-layer and per-channel parameters, the ONNX
 * network (run in onnxruntime) gives TensorFlow.js's logits, and the surface
 * graph gives its loss and accuracy at points of a random plane.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { activationNames } from '../../src-main/engine/activations/index.ts';
import { activationsWithoutOnnxForm } from '../../src-main/engine/interop/onnx/activation-ops.ts';
import { buildNetworkGraph } from '../../src-main/engine/interop/onnx/network-graph.ts';
import { describeNetwork } from '../../src-main/engine/interop/network-description.ts';
import { randomPlane } from '../../src-main/engine/landscape/index.ts';
import { PlanePerturber } from '../../src-main/engine/landscape/plane.ts';
import { buildNetwork } from '../../src-main/engine/network/build-network.ts';
import { evaluateBatches } from '../../src-main/engine/network/evaluate.ts';
import { readAllWeights } from '../../src-main/engine/training/weights.ts';
import { disposeBatches, randomBatches, seedWeights } from './landscape-fixtures.ts';

const SHAPE: [number, number, number] = [8, 8, 3];
const CLASSES = 3;
const EXAMPLES = 64;

function network(activation: string, batchNorm: boolean, scope: 'layer' | 'channel'): tfl.Sequential {
  const model = buildNetwork({
    inputShape: SHAPE,
    numClasses: CLASSES,
    activation: { name: activation, scope },
    network: { preset: 'tiny', batchNorm, bnAffine: 'trainable', dropout: 0.2 },
  });
  seedWeights(model, activation.length * 7 + (batchNorm ? 1 : 0));
  return model;
}

function nchw(x: tf.Tensor4D): Float32Array {
  return tf.tidy(() => tf.transpose(x, [0, 3, 1, 2]).dataSync() as Float32Array);
}

const sessions: ort.InferenceSession[] = [];
async function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  sessions.push(s);
  return s;
}
afterAll(async () => {
  for (const s of sessions) await s.release();
});

/** The largest difference relative to the largest |value| (logits near 0 have no relative precision). */
function maxScaledDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return worst / scale;
}

describe('ONNX graph of a network', () => {
  it('has an ONNX form for every activation in the registry', () => {
    expect(activationsWithoutOnnxForm()).toEqual([]);
  });

  const cases = activationNames().flatMap((name) => [
    { name, batchNorm: false, scope: 'layer' as const },
    { name, batchNorm: true, scope: 'channel' as const },
  ]);
  it.each(cases)('$name, BN $batchNorm, $scope: logits and plane losses match TensorFlow.js', async ({ name, batchNorm, scope }) => {
    const model = network(name, batchNorm, scope);
    const [batch] = randomBatches([EXAMPLES], SHAPE, CLASSES, 3);
    try {
      const description = describeNetwork(model);
      const weights = readAllWeights(model);
      const logitsSession = await session(buildNetworkGraph(description, { weights, head: 'logits', producerVersion: 'test' }));
      const input = new ort.Tensor('float32', nchw(batch!.x), [EXAMPLES, SHAPE[2], SHAPE[0], SHAPE[1]]);
      const onnxLogits = (await logitsSession.run({ input })).logits!.data as Float32Array;
      const tfLogits = tf.tidy(() => (model.apply(batch!.x, { training: false }) as tf.Tensor).dataSync() as Float32Array);
      expect(maxScaledDifference(onnxLogits, tfLogits)).toBeLessThan(1e-5);

      const [d1, d2] = randomPlane(weights, description.layout, { seed: 5, normalization: 'filter', ignore: 'biasbn', activationParams: 'move', twoDimensional: true });
      const planeSession = await session(buildNetworkGraph(description, { weights, plane: { origin: null, d1, d2 }, head: 'loss', producerVersion: 'test' }));
      const labels = new ort.Tensor('int64', BigInt64Array.from(batch!.y.dataSync(), (v) => BigInt(v)), [EXAMPLES]);
      const perturber = PlanePerturber.create(model, { d1, d2 });
      try {
        for (const [alpha, beta] of [[0, 0], [0.6, -0.3], [-1, 1]] as const) {
          const out = await planeSession.run({ input, labels, alpha: new ort.Tensor('float32', [alpha], [1]), beta: new ort.Tensor('float32', [beta], [1]) });
          const losses = out.losses!.data as Float32Array;
          const correct = out.correct!.data as Float32Array;
          perturber.moveTo(alpha, beta);
          const reference = await evaluateBatches(model, [batch!]);
          const loss = losses.reduce((a, b) => a + b, 0) / losses.length;
          // Where the loss is huge (111 at TSQRT+BN's far corner) the logits are in the
          // thousands and float32 rounds them by ~1e-4 absolute: both sides are exact to
          // float32 there, and agree to 1.4e-5. Everywhere a surface is read, 1e-5.
          const tolerance = reference.loss < 10 ? 1e-5 : 1e-4;
          expect(Math.abs(loss - reference.loss) / reference.loss).toBeLessThan(tolerance);
          expect(correct.reduce((a, b) => a + b, 0) / correct.length).toBeCloseTo(reference.accuracy, 10);
        }
      } finally {
        perturber.restore();
        perturber.dispose();
      }
    } finally {
      disposeBatches([batch!]);
      model.dispose();
    }
  });
});
