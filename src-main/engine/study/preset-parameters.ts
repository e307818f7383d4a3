/**
 * Parameter counts of a network preset computed from the preset's data alone
 * (no TensorFlow.js): what `countParameters` reports for the built model.
 * The report uses it to check the study's Table 2 counts against the `seed`
 * preset at every scale, without building a 4.8 M-parameter model.
 */
import type { ParameterCounts, PresetName } from '../../contract.ts';
import { PRESETS } from '../network/presets.ts';

export interface PresetCountOptions {
  preset: PresetName;
  /** `[height, width, channels]` of one input. */
  inputShape: [number, number, number];
  numClasses: number;
  batchNorm: boolean;
  bnAffine: 'trainable' | 'frozen';
  /** Trainable scalars per activation layer (1 per parameter at layer scope). */
  activationParamsPerLayer: number;
}

/** Counts as the study's Table 2 lists them: trainable (optimised) and total (BN moving statistics included). */
export function presetParameterCounts(options: PresetCountOptions): ParameterCounts {
  const preset = PRESETS[options.preset];
  let [height, width, channels] = options.inputShape;
  let trainable = 0;
  let total = 0;
  let activation = 0;
  const activationBlock = (units: number): void => {
    if (options.batchNorm) {
      // γ, β (trainable unless frozen) and the moving mean and variance (never trainable).
      if (options.bnAffine === 'trainable') trainable += 2 * units;
      total += 4 * units;
    }
    trainable += options.activationParamsPerLayer;
    total += options.activationParamsPerLayer;
    activation += options.activationParamsPerLayer;
  };
  const dense = (inputs: number, units: number): void => {
    trainable += inputs * units + units;
    total += inputs * units + units;
  };
  for (const conv of preset.convs) {
    dense(conv.kernelSize * conv.kernelSize * channels, conv.filters);
    channels = conv.filters;
    activationBlock(channels);
    // 'valid' pooling with stride = pool size floors the spatial size.
    height = Math.floor(height / conv.pool);
    width = Math.floor(width / conv.pool);
  }
  let inputs = height * width * channels;
  for (const units of preset.dense) {
    dense(inputs, units);
    activationBlock(units);
    inputs = units;
  }
  dense(inputs, options.numClasses);
  return { trainable, total, activation };
}
