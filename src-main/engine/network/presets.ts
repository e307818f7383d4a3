/**
 * Network presets as plain data. A preset is a stack of conv blocks and dense
 * blocks; `buildNetwork` turns it into a tfjs-layers model with any activation.
 *
 * `seed` is DESIGN.md's reading of the study's Table 1: 16×16×3 input →
 * conv 5×5×192 same → [BN] → act → maxpool 2 → conv 5×5×192 same → [BN] → act
 * → maxpool 2 → flatten (3072) → dense 1256 → [BN] → act → [dropout] → dense 10.
 */
import type { PresetName } from '../../contract.ts';

export interface ConvBlock {
  filters: number;
  kernelSize: number;
  /** Max-pool size after the activation (1 = no pooling). */
  pool: number;
}

export interface NetworkPreset {
  name: PresetName;
  description: string;
  convs: ConvBlock[];
  /** Hidden dense layers (units), each followed by [BN] → activation. */
  dense: number[];
  /** The input shape the preset was designed for (informational; any input works). */
  designedFor: string;
}

export const PRESETS: Record<PresetName, NetworkPreset> = {
  seed: {
    name: 'seed',
    description: "The study's network: two 5×5×192 convolutions and a 1256-unit dense layer (≈4.8 M parameters on 16×16×3).",
    convs: [
      { filters: 192, kernelSize: 5, pool: 2 },
      { filters: 192, kernelSize: 5, pool: 2 },
    ],
    dense: [1256],
    designedFor: 'CIFAR-10 at 16×16×3 (downsampled 2×)',
  },
  quick: {
    name: 'quick',
    description: 'A small CNN for CPU machines: 5×5×16 and 5×5×32 convolutions and a 128-unit dense layer.',
    convs: [
      { filters: 16, kernelSize: 5, pool: 2 },
      { filters: 32, kernelSize: 5, pool: 2 },
    ],
    dense: [128],
    designedFor: 'MNIST 28×28×1 (one epoch of 10 k images in about a minute on wasm)',
  },
  tiny: {
    name: 'tiny',
    description: 'A very small CNN for tests and demos: 3×3×4 and 3×3×8 convolutions and a 16-unit dense layer.',
    convs: [
      { filters: 4, kernelSize: 3, pool: 2 },
      { filters: 8, kernelSize: 3, pool: 2 },
    ],
    dense: [16],
    designedFor: 'any small input; seconds per epoch',
  },
};

export function listPresets(): NetworkPreset[] {
  return Object.values(PRESETS);
}
