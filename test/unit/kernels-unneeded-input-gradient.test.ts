// The first convolution's input gradient is skipped while training: the
// gradients of every weight stay exactly the same, the kernel returns zeros
// only while marked, and a network whose convolutions share a kernel shape
// is not marked at all.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { NetworkSpecSchema } from '../../src-main/contract.ts';
import { plannedReplacements } from '../../src-main/engine/kernels/register-training-kernels.ts';
import { markInputGradientUnneeded, withoutInputGradientFor } from '../../src-main/engine/kernels/unneeded-input-gradient.ts';
import { buildNetwork } from '../../src-main/engine/network/build-network.ts';
import { inputConvKernelShape } from '../../src-main/engine/network/input-conv-kernel.ts';

const backend = tf.getBackend();

function tinyModel(): tfl.LayersModel {
  return buildNetwork({ inputShape: [12, 12, 1], numClasses: 10, activation: { name: 'tswish', scope: 'layer' }, network: NetworkSpecSchema.parse({ preset: 'tiny' }) });
}

function weightGradients(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor, shape: number[] | null): Map<string, Float32Array> {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = withoutInputGradientFor(shape, () =>
    tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars),
  );
  const out = new Map(Object.entries(grads).map(([name, g]) => [name, g.dataSync() as Float32Array]));
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

describe(`skipping the first convolution's input gradient on ${backend}`, () => {
  it("finds the kernel shape of the convolution fed by the model's input", () => {
    const model = tinyModel();
    expect(inputConvKernelShape(model)).toEqual([3, 3, 1, 4]);
    model.dispose();
  });

  it('marks nothing when another convolution has the same kernel shape', () => {
    const input = tfl.input({ shape: [8, 8, 4] });
    const a = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(input) as tfl.SymbolicTensor;
    const b = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(a) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: b });
    expect(inputConvKernelShape(model)).toBeNull();
    model.dispose();
  });

  it('leaves every weight gradient bit-identical, and leaks no tensor', () => {
    const model = tinyModel();
    const x = tf.randomNormal([8, 12, 12, 1], 0, 1, 'float32', 3);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10);
    const shape = inputConvKernelShape(model);
    const plain = weightGradients(model, x, y, null);
    const before = tf.memory().numTensors;
    const skipped = weightGradients(model, x, y, shape);
    expect(tf.memory().numTensors).toBe(before);
    expect([...skipped.keys()].sort()).toEqual([...plain.keys()].sort());
    for (const [name, gradient] of plain) expect(skipped.get(name)).toEqual(gradient);
    tf.dispose([x, y]);
    model.dispose();
  });

  // Only the replacement kernel knows the mark; a backend keeping the shipped one (cpu) computes as always.
  const replaced = plannedReplacements(backend).includes(tf.Conv2DBackpropInput);
  it(replaced ? 'returns zeros from Conv2DBackpropInput only while the shape is marked' : 'leaves the shipped Conv2DBackpropInput computing while marked', () => {
    const dy = tf.randomNormal([2, 6, 6, 4], 0, 1, 'float32', 5);
    const filter = tf.randomNormal([3, 3, 1, 4], 0, 1, 'float32', 6);
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', inputShape: [2, 6, 6, 1] };
    const run = () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    const unmark = markInputGradientUnneeded([3, 3, 1, 4]);
    const marked = run();
    unmark();
    const unmarked = run();
    expect(marked.shape).toEqual([2, 6, 6, 1]);
    expect(tf.max(tf.abs(unmarked)).dataSync()[0]).toBeGreaterThan(0);
    if (replaced) expect(tf.max(tf.abs(marked)).dataSync()[0]).toBe(0);
    else expect(marked.dataSync()).toEqual(unmarked.dataSync());
    tf.dispose([dy, filter, marked, unmarked]);
  });
});
