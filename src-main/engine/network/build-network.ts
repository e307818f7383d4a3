/**
 * Builds a preset with a given activation into a tfjs-layers model that
 * outputs logits (the loss applies a stable log-softmax; see loss.ts).
 * Every layer has an explicit name so weight names are stable across
 * processes and snapshots: `conv1/kernel`, `bn1/gamma`, `act1/z`, `logits/bias`.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { ActivationSpec, NetworkSpec, ParameterCounts } from '../../contract.ts';
import { createActivationLayer, isActivationWeightName } from '../activations/index.ts';
import { sizeOfShape } from '../training/weights.ts';
import { PRESETS } from './presets.ts';

export interface BuildOptions {
  /** Shape of one input example, `[height, width, channels]`. */
  inputShape: [number, number, number];
  numClasses: number;
  activation: ActivationSpec;
  network: NetworkSpec;
}

export function buildNetwork(options: BuildOptions): tfl.Sequential {
  const preset = PRESETS[options.network.preset];
  const { batchNorm, dropout } = options.network;
  const model = tfl.sequential({ name: `${preset.name}_${options.activation.name}` });
  let block = 0;
  const activationBlock = (): void => {
    block += 1;
    if (batchNorm) model.add(tfl.layers.batchNormalization({ name: `bn${block}` }));
    model.add(createActivationLayer(options.activation, `act${block}`));
  };
  preset.convs.forEach((conv, index) => {
    model.add(
      tfl.layers.conv2d({
        name: `conv${index + 1}`,
        filters: conv.filters,
        kernelSize: conv.kernelSize,
        padding: 'same',
        ...(index === 0 ? { inputShape: options.inputShape } : {}),
      }),
    );
    activationBlock();
    if (conv.pool > 1) model.add(tfl.layers.maxPooling2d({ name: `pool${index + 1}`, poolSize: conv.pool }));
  });
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  preset.dense.forEach((units, index) => {
    model.add(tfl.layers.dense({ name: `dense${index + 1}`, units }));
    activationBlock();
  });
  if (dropout > 0) model.add(tfl.layers.dropout({ name: 'dropout', rate: dropout }));
  model.add(tfl.layers.dense({ name: 'logits', units: options.numClasses }));
  return model;
}

/** True for BN's affine parameters γ and β. */
export function isBatchNormAffineName(weightName: string): boolean {
  return /(^|\/)bn\d+\/(gamma|beta)$/.test(weightName);
}

/** Whether the optimiser trains this weight, given the network's settings. */
export function isOptimisedWeight(weightName: string, trainable: boolean, network: NetworkSpec): boolean {
  if (!trainable) return false;
  return !(network.bnAffine === 'frozen' && isBatchNormAffineName(weightName));
}

/** Parameter counts as the study's Table 2 lists them (BN's moving statistics count towards the total). */
export function countParameters(model: tfl.LayersModel, network: NetworkSpec): ParameterCounts {
  let trainable = 0;
  let total = 0;
  let activation = 0;
  for (const weight of model.weights) {
    const size = sizeOfShape(weight.shape);
    total += size;
    if (isOptimisedWeight(weight.originalName, weight.trainable, network)) {
      trainable += size;
      if (isActivationWeightName(weight.originalName)) activation += size;
    }
  }
  return { trainable, total, activation };
}
