/**
 * A trained tfjs-layers model read back as a plain list of layers, in order,
 * with every weight named by its index in `weightLayout(model)`: what the
 * ONNX graph builder and the generated PyTorch module are both written from,
 * so the two always describe the same network. Dropout is left out (inference).
 *
 * Shapes are in the model's own (TensorFlow.js, NHWC) terms: conv kernels
 * `[kh, kw, in, out]`, dense kernels `[in, units]`; `flatten.from` is the
 * `[h, w, c]` map it flattens (TensorFlow.js flattens in h, w, c order).
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ActivationScope } from '../../contract.ts';
import { ActivationLayer } from '../activations/index.ts';
import { weightLayout, type WeightLayout } from '../training/weights.ts';

export type LayerDescription =
  | { kind: 'conv'; name: string; kernel: [number, number, number, number]; pads: [number, number, number, number]; weight: number; bias: number | null }
  | { kind: 'batchnorm'; name: string; channels: number; epsilon: number; gamma: number | null; beta: number | null; mean: number; variance: number }
  | { kind: 'activation'; name: string; activation: string; scope: ActivationScope; channels: number; params: Record<string, number> }
  | { kind: 'maxpool'; name: string; size: [number, number] }
  | { kind: 'flatten'; name: string; from: [number, number, number] }
  | { kind: 'dense'; name: string; inputs: number; units: number; weight: number; bias: number | null };

export interface NetworkDescription {
  /** One example, `[height, width, channels]`. */
  inputShape: [number, number, number];
  classes: number;
  layers: LayerDescription[];
  layout: WeightLayout;
}

type Config = Record<string, unknown>;

function pair(value: unknown, what: string): [number, number] {
  const values = Array.isArray(value) ? value : [value, value];
  if (values.length !== 2 || !values.every((v) => typeof v === 'number')) throw new Error(`${what}: expected one or two numbers.`);
  return [values[0] as number, values[1] as number];
}

/** tfjs "same" padding for stride 1: the extra row/column goes at the end. */
function samePads(kh: number, kw: number): [number, number, number, number] {
  const [th, tw] = [kh - 1, kw - 1];
  return [Math.floor(th / 2), Math.floor(tw / 2), th - Math.floor(th / 2), tw - Math.floor(tw / 2)];
}

function requireLinear(layer: tfl.layers.Layer, config: Config): void {
  const activation = config.activation;
  if (activation !== undefined && activation !== null && activation !== 'linear') {
    throw new Error(`Layer ${layer.name} has a built-in activation "${String(activation)}"; only the network presets' layout is supported.`);
  }
}

/** Describes `model`; throws, naming the layer, on anything the presets do not build. */
export function describeNetwork(model: tfl.LayersModel): NetworkDescription {
  const layout = weightLayout(model);
  const indexOf = (weightName: string): number => {
    const index = layout.names.indexOf(weightName);
    if (index < 0) throw new Error(`Weight ${weightName} is not in the model.`);
    return index;
  };
  const optionalIndex = (layer: tfl.layers.Layer, suffix: string): number | null => {
    const weight = layer.weights.find((w) => w.originalName.endsWith(`/${suffix}`));
    return weight ? indexOf(weight.originalName) : null;
  };
  const inputShape = model.inputs[0]!.shape.slice(1).map((d) => d ?? 0) as [number, number, number];
  if (inputShape.length !== 3 || inputShape.some((d) => d <= 0)) throw new Error(`Expected an image input [h, w, c], got [${inputShape.join(', ')}].`);
  let shape: number[] = [...inputShape];
  const layers: LayerDescription[] = [];
  for (const layer of model.layers) {
    const config = layer.getConfig() as Config;
    const className = layer.getClassName();
    switch (className) {
      case 'Conv2D': {
        requireLinear(layer, config);
        const [kh, kw] = pair(config.kernelSize, `${layer.name} kernel size`);
        const strides = pair(config.strides ?? 1, `${layer.name} strides`);
        const dilation = pair(config.dilationRate ?? 1, `${layer.name} dilation`);
        if (strides.some((s) => s !== 1) || dilation.some((d) => d !== 1) || (config.dataFormat ?? 'channelsLast') !== 'channelsLast') {
          throw new Error(`Layer ${layer.name}: only stride-1, undilated, channels-last convolutions are supported.`);
        }
        const filters = config.filters as number;
        const pads: [number, number, number, number] = config.padding === 'same' ? samePads(kh, kw) : [0, 0, 0, 0];
        const weight = optionalIndex(layer, 'kernel');
        if (weight === null) throw new Error(`Layer ${layer.name} has no kernel.`);
        layers.push({ kind: 'conv', name: layer.name, kernel: [kh, kw, shape[2]!, filters], pads, weight, bias: optionalIndex(layer, 'bias') });
        shape = [shape[0]! + pads[0] + pads[2] - kh + 1, shape[1]! + pads[1] + pads[3] - kw + 1, filters];
        break;
      }
      case 'BatchNormalization': {
        const axis = config.axis;
        if (axis !== -1 && axis !== shape.length) throw new Error(`Layer ${layer.name}: batch normalisation must be over the last axis.`);
        const mean = optionalIndex(layer, 'moving_mean');
        const variance = optionalIndex(layer, 'moving_variance');
        if (mean === null || variance === null) throw new Error(`Layer ${layer.name} has no moving statistics.`);
        const channels = shape[shape.length - 1]!;
        layers.push({ kind: 'batchnorm', name: layer.name, channels, epsilon: config.epsilon as number, gamma: optionalIndex(layer, 'gamma'), beta: optionalIndex(layer, 'beta'), mean, variance });
        break;
      }
      case ActivationLayer.className: {
        const activation = layer as ActivationLayer;
        const params: Record<string, number> = {};
        for (const weight of layer.weights) {
          const param = weight.originalName.split('/').pop()!.replace(/_\d+$/, '');
          params[param] = indexOf(weight.originalName);
        }
        layers.push({ kind: 'activation', name: layer.name, activation: activation.activation, scope: activation.scope, channels: shape[shape.length - 1]!, params });
        break;
      }
      case 'MaxPooling2D': {
        const size = pair(config.poolSize, `${layer.name} pool size`);
        const strides = pair(config.strides ?? config.poolSize, `${layer.name} strides`);
        if (strides[0] !== size[0] || strides[1] !== size[1] || config.padding !== 'valid') {
          throw new Error(`Layer ${layer.name}: only non-overlapping, unpadded max pooling is supported.`);
        }
        layers.push({ kind: 'maxpool', name: layer.name, size });
        shape = [Math.floor(shape[0]! / size[0]), Math.floor(shape[1]! / size[1]), shape[2]!];
        break;
      }
      case 'Flatten': {
        if (shape.length !== 3) throw new Error(`Layer ${layer.name} flattens a map of rank ${shape.length}.`);
        layers.push({ kind: 'flatten', name: layer.name, from: shape as [number, number, number] });
        shape = [shape.reduce((a, b) => a * b, 1)];
        break;
      }
      case 'Dense': {
        requireLinear(layer, config);
        if (shape.length !== 1) throw new Error(`Layer ${layer.name}: a dense layer needs a flat input.`);
        const weight = optionalIndex(layer, 'kernel');
        if (weight === null) throw new Error(`Layer ${layer.name} has no kernel.`);
        const units = config.units as number;
        layers.push({ kind: 'dense', name: layer.name, inputs: shape[0]!, units, weight, bias: optionalIndex(layer, 'bias') });
        shape = [units];
        break;
      }
      case 'Dropout':
      case 'InputLayer':
        break;
      default:
        throw new Error(`Layer ${layer.name} (${className}) cannot be exported; the network presets do not build it.`);
    }
  }
  const last = layers.at(-1);
  if (last?.kind !== 'dense') throw new Error('The network must end in a dense layer (the logits).');
  return { inputShape, classes: last.units, layers, layout };
}
