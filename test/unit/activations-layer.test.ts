import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  ActivationLayer,
  activationNames,
  activationVariables,
  createActivationLayer,
  getActivation,
  isActivationWeightName,
  parseActivationWeightName,
} from '../../src-main/engine/activations/index.ts';
import type { ActivationSpec } from '../../src-main/contract.ts';
import { initParams, shiftedParams, trainable } from './activations-fixtures.ts';

/** dense(4) → activation → dense(2) on 3 inputs, seeded. */
function denseModel(spec: ActivationSpec): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ units: 4, inputShape: [3], name: 'hidden', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }));
  model.add(createActivationLayer(spec, 'act'));
  model.add(tfl.layers.dense({ units: 2, name: 'out', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }));
  return model;
}

/** conv 3×3×5 → activation → flatten → dense(2) on 6×6×2 images, seeded. */
function convModel(spec: ActivationSpec): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ filters: 5, kernelSize: 3, padding: 'same', inputShape: [6, 6, 2], name: 'conv', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }));
  model.add(createActivationLayer(spec, 'act'));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 2, name: 'out', kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }));
  return model;
}

async function roundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  // Through JSON, as a file would carry it.
  const topology = JSON.parse(JSON.stringify(saved!.modelTopology)) as object;
  return tfl.loadLayersModel(tf.io.fromMemory({ ...saved!, modelTopology: topology }));
}

function weightValues(model: tfl.LayersModel): Record<string, number[]> {
  return Object.fromEntries(model.weights.map((w) => [w.originalName, Array.from(w.read().dataSync())]));
}

/** Sets every activation parameter of `model` to `value(name, size)`. */
function setActivationParams(model: tfl.LayersModel, value: (param: string, size: number) => number[]): void {
  for (const v of activationVariables(model.layers)) {
    const param = parseActivationWeightName(v.originalName)!.param;
    v.write(tf.tensor1d(value(param, v.shape[0]!)));
  }
}

const input = (shape: number[], seed: number): tf.Tensor => tf.randomNormal(shape, 0, 1.5, 'float32', seed);

describe('activation layer weights', () => {
  it('gives a layer-scope activation one scalar per parameter, named <layer>/<parameter>', () => {
    const model = denseModel({ name: 'tgelu', scope: 'layer' });
    const act = model.getLayer('act');
    expect(act.weights.map((w) => [w.originalName, w.shape])).toEqual([['act/z', [1]], ['act/w', [1]]]);
    expect(act.weights.every((w) => w.trainable && w.dtype === 'float32')).toBe(true);
    expect(Array.from(act.weights[1]!.read().dataSync())[0]).toBeCloseTo(Math.SQRT2, 6);
  });

  it('gives a channel-scope activation one parameter per channel of the last axis', () => {
    const model = convModel({ name: 'tsqrt_tanh', scope: 'channel', init: { k: 0.7 } });
    const [k] = model.getLayer('act').weights;
    expect(k!.originalName).toBe('act/k');
    expect(k!.shape).toEqual([5]);
    expect(Array.from(k!.read().dataSync())).toEqual(Array(5).fill(Math.fround(0.7)));
  });

  it('applies each channel’s own parameter to that channel only', () => {
    const layer = createActivationLayer({ name: 'tleaky_relu', scope: 'channel' }, 'act_channels');
    layer.build([null, 2, 2, 3]);
    const slopes = [0.1, 0.5, 2];
    layer.weights[0]!.write(tf.tensor1d(slopes));
    const x = tf.tensor4d(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? -1 : 1) * (i + 1)), [1, 2, 2, 3]);
    const y = Array.from((layer.apply(x) as tf.Tensor).dataSync());
    const xs = Array.from(x.dataSync());
    const def = getActivation('tleaky_relu');
    xs.forEach((v, i) => expect(y[i]).toBeCloseTo(def.reference(v, { z: slopes[i % 3]! }), 5));
  });

  it('gives a fixed activation no weights at all', () => {
    const model = denseModel({ name: 'gelu', scope: 'channel' });
    expect(model.getLayer('act').weights).toEqual([]);
  });

  it('refuses channel scope when the input’s last axis is unknown', () => {
    const layer = createActivationLayer({ name: 'tswish', scope: 'channel' }, 'act_unknown');
    expect(() => layer.build([null, null])).toThrow(/needs a known last axis/);
  });

  it('refuses an unknown activation or parameter when the layer is created', () => {
    expect(() => createActivationLayer({ name: 'mish', scope: 'layer' }, 'a1')).toThrow(/Unknown activation/);
    expect(() => createActivationLayer({ name: 'tswish', scope: 'layer', init: { w: 1 } }, 'a2')).toThrow(/no parameter "w"/);
  });
});

describe('telling activation parameters from network weights', () => {
  it('recognises activation parameters by weight name, uniqueness suffix included', () => {
    expect(isActivationWeightName('act1/z')).toBe(true);
    expect(isActivationWeightName('act2/w_1')).toBe(true);
    expect(parseActivationWeightName('block/act3/k')).toEqual({ layer: 'block/act3', param: 'k' });
    for (const name of ['conv1/kernel', 'dense/bias', 'bn1/gamma', 'bn1/moving_mean', 'prelu/alpha', 'z', 'act/zeta']) {
      expect(isActivationWeightName(name), name).toBe(false);
    }
  });

  it('splits a real model’s weights into network weights and activation parameters', () => {
    const model = convModel({ name: 'tselu', scope: 'layer' });
    const activation = model.weights.filter((w) => isActivationWeightName(w.originalName)).map((w) => w.originalName);
    expect(activation).toEqual(['act/z', 'act/w']);
    expect(activationVariables(model.layers).map((v) => v.originalName)).toEqual(activation);
    // LayerVariable.name may carry a suffix when layer names repeat in a process; both forms work.
    expect(model.weights.filter((w) => isActivationWeightName(w.name))).toHaveLength(2);
  });
});

describe('saving and loading models with activation layers', () => {
  it('round-trips a dense model with TSQRT_tanh: same predictions, same trained k', async () => {
    const model = denseModel({ name: 'tsqrt_tanh', scope: 'layer' });
    setActivationParams(model, () => [0.83]);
    const loaded = await roundTrip(model);
    const x = input([7, 3], 11);
    const layer = loaded.getLayer('act');
    expect(layer).toBeInstanceOf(ActivationLayer);
    expect((layer as ActivationLayer).activation).toBe('tsqrt_tanh');
    expect(weightValues(loaded)).toEqual(weightValues(model));
    expect(weightValues(loaded)['act/k']).toEqual([Math.fround(0.83)]);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });

  it('round-trips a conv model with per-channel TGELU, keeping each channel’s parameters', async () => {
    const model = convModel({ name: 'tgelu', scope: 'channel' });
    setActivationParams(model, (param, size) => Array.from({ length: size }, (_, c) => (param === 'z' ? 0.4 + 0.1 * c : 1 + 0.2 * c)));
    const loaded = await roundTrip(model);
    const layer = loaded.getLayer('act') as ActivationLayer;
    expect(layer.scope).toBe('channel');
    expect(weightValues(loaded)).toEqual(weightValues(model));
    const x = input([2, 6, 6, 2], 12);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });

  it.each(activationNames())('round-trips %s with its name, scope and initial values in the saved config', async (name) => {
    const def = getActivation(name);
    const init = shiftedParams(def);
    const model = denseModel({ name, scope: 'channel', init });
    const loaded = await roundTrip(model);
    const layer = loaded.getLayer('act') as ActivationLayer;
    expect([layer.activation, layer.scope, layer.init]).toEqual([name, 'channel', init]);
    const x = input([5, 3], 13);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });
});

describe('training activation parameters', () => {
  const TRAINABLE = activationNames().filter((name) => trainable(getActivation(name)));

  it.each(TRAINABLE)('%s: gradient descent moves every parameter and lowers a toy loss', (name) => {
    const def = getActivation(name);
    // Fit the activation at its init to the same activation at shifted parameters.
    const target = shiftedParams(def);
    const x = tf.reshape(tf.linspace(-4, 4, 64), [64, 1]);
    const y = tf.tidy(() => def.apply(x, Object.fromEntries(Object.entries(target).map(([k, v]) => [k, tf.tensor1d([v])]))));
    const layer = createActivationLayer({ name, scope: 'layer' }, 'act');
    layer.build([null, 1]);
    const vars = activationVariables([layer]).map((v) => v.read() as tf.Variable);
    const loss = (): tf.Scalar => tf.losses.meanSquaredError(y, layer.apply(x) as tf.Tensor) as tf.Scalar;
    const optimizer = tf.train.adam(0.02);
    const before = loss().dataSync()[0]!;
    const start = vars.map((v) => v.dataSync()[0]!);
    for (let step = 0; step < 25; step += 1) {
      tf.tidy(() => {
        optimizer.minimize(loss, false, vars);
      });
    }
    const after = loss().dataSync()[0]!;
    expect(after).toBeLessThan(0.8 * before);
    vars.forEach((v, i) => expect(v.dataSync()[0], def.params[i]!.name).not.toBe(start[i]));
    expect(start).toEqual(Object.values(initParams(def)));
  });

  it('leaves no tensors behind when a model with an activation layer predicts and is differentiated', () => {
    const model = convModel({ name: 'tsqrt_tanh', scope: 'channel' });
    const x = input([2, 6, 6, 2], 14);
    const vars = activationVariables(model.layers).map((v) => v.read() as tf.Variable);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      model.predict(x);
      tf.variableGrads(() => tf.sum(model.apply(x) as tf.Tensor) as tf.Scalar, vars);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
