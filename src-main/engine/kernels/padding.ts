/**
 * The geometry of a forward NHWC conv2d, with the pad amounts TensorFlow
 * itself uses, for the kernels that rebuild its gradients as forward convs.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs-core';

/** Explicit NHWC padding, the form Conv2D accepts as its `pad` attribute. */
export type ExplicitPads = [[number, number], [number, number], [number, number], [number, number]];

export interface ForwardConvGeometry {
  inHeight: number;
  inWidth: number;
  filterHeight: number;
  filterWidth: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  /** Zeros TF adds above and left of the input ('same' puts any odd one below/right). */
  padTop: number;
  padLeft: number;
}

/**
 * Pads and strides of the forward conv that produced `dy`. Goes through
 * TensorFlow.js's own `computeConv2DInfo` so 'same', 'valid', numeric and
 * explicit padding (and dimRoundingMode) agree with the shipped kernels.
 */
export function forwardConvGeometry(
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: Conv2DBackpropFilterAttrs['strides'],
  pad: Conv2DBackpropFilterAttrs['pad'],
  dimRoundingMode: Conv2DBackpropFilterAttrs['dimRoundingMode'],
): ForwardConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  return {
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Spatial-only explicit padding; batch and channels are never padded. */
export function spatialPads(top: number, bottom: number, left: number, right: number): ExplicitPads {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}
