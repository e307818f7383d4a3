/**
 * The generated PyTorch module: a form for every activation, submodules
 * registered in the order of torch-layout.ts's entries (so parameters() is
 * the directions' order), asymmetric "same" padding made explicit, BN with
 * TensorFlow.js's ε. (That it computes our numbers is checked in PyTorch by
 * test/integration/reference-torch.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { activationNames } from '../../src-main/engine/activations/index.ts';
import type { NetworkDescription } from '../../src-main/engine/interop/network-description.ts';
import { describeNetwork } from '../../src-main/engine/interop/network-description.ts';
import { torchEntries } from '../../src-main/engine/interop/torch-layout.ts';
import { activationsWithoutTorchForm, pyFloat } from '../../src-main/engine/interop/torch/torch-activations.ts';
import { torchModuleSource } from '../../src-main/engine/interop/torch/torch-module-source.ts';
import { buildNetwork } from '../../src-main/engine/network/build-network.ts';

const info = { appVersion: 'test', source: 'a test network' };

function described(activation: string, batchNorm: boolean): NetworkDescription {
  const model = buildNetwork({ inputShape: [8, 8, 3], numClasses: 4, activation: { name: activation, scope: 'channel' }, network: { preset: 'tiny', batchNorm, bnAffine: 'trainable', dropout: 0.2 } });
  try {
    return describeNetwork(model);
  } finally {
    model.dispose();
  }
}

describe('generated PyTorch module', () => {
  it('has a PyTorch form for every activation in the registry', () => {
    expect(activationsWithoutTorchForm()).toEqual([]);
    for (const name of activationNames()) expect(torchModuleSource(described(name, false), info)).toContain(`def act_${name}(x, p):`);
  });

  it('registers its layers in torch-layout order and lists parameters() in its docstring', () => {
    const description = described('tswish', true);
    const source = torchModuleSource(description, info);
    const registered = [...source.matchAll(/^ {8}self\.(\w+) = /gm)].map((m) => m[1]);
    const layerOrder = [...new Set(torchEntries(description).map((e) => e.name.split('.')[0]))];
    expect(registered.filter((name) => layerOrder.includes(name))).toEqual(layerOrder);
    const listed = [...source.matchAll(/^ {4}(\d+): (\S+)$/gm)].map((m) => m[2]);
    expect(listed).toEqual(torchEntries(description).filter((e) => e.kind === 'parameter').map((e) => e.name));
    expect(source).toContain('nn.BatchNorm2d(');
    expect(source).toContain('eps=0.001');
    expect(source).toContain("Activation('tswish', [('z', ");
    expect(source).not.toMatch(/[Dd]ropout\(/);
  });

  it('pads explicitly where TensorFlow.js "same" padding is asymmetric (even kernels)', () => {
    const description = described('relu', false);
    const conv = description.layers.find((l) => l.kind === 'conv')!;
    if (conv.kind !== 'conv') throw new Error('no conv');
    const even: NetworkDescription = { ...description, layers: description.layers.map((l) => (l === conv ? { ...conv, pads: [0, 0, 1, 1] as [number, number, number, number] } : l)) };
    expect(torchModuleSource(even, info)).toContain(`x = self.${conv.name}(F.pad(x, (0, 1, 0, 1)))`);
  });

  it('writes floats Python reads back exactly', () => {
    expect(pyFloat(30)).toBe('30.0');
    expect(pyFloat(1e-12)).toBe('1e-12');
    expect(pyFloat(Math.SQRT2)).toBe('1.4142135623730951');
  });
});
