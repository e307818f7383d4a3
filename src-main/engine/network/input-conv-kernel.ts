/**
 * The kernel shape of a Conv2D fed directly by the model's input: the one
 * convolution whose input gradient training never needs (see
 * kernels/unneeded-input-gradient.ts). Null when the network starts
 * otherwise, or when another convolution has a kernel of the same shape
 * (the two could not be told apart).
 */
import type * as tfl from '@tensorflow/tfjs-layers';

export function inputConvKernelShape(model: tfl.LayersModel): number[] | null {
  const kernels = model.layers
    .filter((layer) => layer.getClassName() === 'Conv2D')
    .map((layer) => ({ layer, shape: layer.weights.find((w) => w.originalName.endsWith('/kernel'))?.shape ?? null }));
  const first = kernels.find(({ layer }) => {
    if (layer.inboundNodes.length !== 1) return false;
    const inbound = layer.inboundNodes[0].inboundLayers;
    return inbound.length === 1 && inbound[0].getClassName() === 'InputLayer';
  });
  if (!first?.shape) return null;
  const key = first.shape.join('×');
  const shared = kernels.some((k) => k !== first && k.shape?.join('×') === key);
  return shared ? null : first.shape.map((d) => Number(d));
}
