/**
 * Conv2DBackpropInput as one forward conv2d ("full" correlation with the
 * flipped filter), for backends where that beats the shipped kernel.
 *
 * dx[n,r,c,i] = Σ_a,b,o  dyDilated[n, r + a - (fh-1-top), c + b - (fw-1-left), o]
 *                        · filter[fh-1-a, fw-1-b, i, o]
 * where dyDilated has (stride - 1) zeros inserted between rows and columns.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {
  Conv2DBackpropInputAttrs,
  Conv2DBackpropInputInputs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import type { KernelScope } from './kernel-scope.ts';
import { withKernelScope } from './kernel-scope.ts';
import { forwardConvGeometry, spatialPads } from './padding.ts';
import { isInputGradientUnneeded } from './unneeded-input-gradient.ts';
import { dilationReason, fallBackOrThrow } from './unsupported.ts';

type Shape4 = [number, number, number, number];

export function conv2DBackpropInputReplacement(backendName: string, shipped: KernelConfig | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { dy, filter } = args.inputs as Conv2DBackpropInputInputs;
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    if (!dy || !filter) throw new Error(`${tf.Conv2DBackpropInput} needs inputs dy and filter.`);
    const reason = unsupportedReason(dy, filter, attrs);
    if (reason) return fallBackOrThrow(tf.Conv2DBackpropInput, backendName, shipped, args, reason);
    if (isInputGradientUnneeded(filter)) {
      return withKernelScope(args.backend as KernelBackend, backendName, (scope) =>
        scope.run(tf.Fill, {}, { shape: [...attrs.inputShape], value: 0, dtype: 'float32' }),
      );
    }
    return inputGradient(args.backend as KernelBackend, backendName, dy, filter, attrs);
  };
  return { kernelName: tf.Conv2DBackpropInput, backendName, kernelFunc };
}

function unsupportedReason(dy: TensorInfo, filter: TensorInfo, attrs: Conv2DBackpropInputAttrs): string | null {
  if (attrs.dataFormat === 'NCHW') return 'dataFormat NCHW is not supported';
  const dilation = dilationReason(attrs);
  if (dilation) return dilation;
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32') return `dtype ${dy.dtype}/${filter.dtype} is not supported`;
  if (dy.shape.length !== 4 || filter.shape.length !== 4) return 'dy and filter must be rank 4';
  const g = forwardConvGeometry(attrs.inputShape, filter.shape as Shape4, attrs.strides, attrs.pad, attrs.dimRoundingMode);
  // A forward pad as wide as the filter would need a negative pad here; no real network does that.
  if (g.padTop > g.filterHeight - 1 || g.padLeft > g.filterWidth - 1) return 'padding wider than the filter';
  return null;
}

function inputGradient(
  backend: KernelBackend,
  backendName: string,
  dy: TensorInfo,
  filter: TensorInfo,
  attrs: Conv2DBackpropInputAttrs,
): TensorInfo {
  const [n, h, w, ci] = attrs.inputShape;
  const g = forwardConvGeometry(attrs.inputShape, filter.shape as Shape4, attrs.strides, attrs.pad, attrs.dimRoundingMode);
  const [, oh, ow] = dy.shape;
  const top = g.filterHeight - 1 - g.padTop;
  const left = g.filterWidth - 1 - g.padLeft;
  // Dilating by padding leaves (stride - 1) trailing zeros after the last row
  // and column; they are harmless while inside the window the conv needs,
  // and cut from the output otherwise (only when stride > filter size).
  const bottom = h + g.filterHeight - 1 - top - oh * g.strideHeight;
  const right = w + g.filterWidth - 1 - left - ow * g.strideWidth;

  return withKernelScope(backend, backendName, (scope) => {
    const dyDilated = dilate(scope, dy, g.strideHeight, g.strideWidth);
    const flipped = scope.run(tf.Reverse, { x: filter }, { dims: [0, 1] });
    const flippedT = scope.run(tf.Transpose, { x: flipped }, { perm: [0, 1, 3, 2] }); // [fh, fw, Co, Ci]
    let dx = scope.run(
      tf.Conv2D,
      { x: dyDilated, filter: flippedT },
      {
        strides: [1, 1],
        pad: spatialPads(top, Math.max(0, bottom), left, Math.max(0, right)),
        dataFormat: 'NHWC',
        dilations: [1, 1],
      },
    );
    if (bottom < 0 || right < 0) {
      dx = scope.run(tf.Slice, { x: dx }, { begin: [0, 0, 0, 0], size: [n, h, w, ci] });
    }
    return dx;
  });
}

/** Inserts (stride - 1) zeros after every row and column of dy: [N, OH·sh, OW·sw, Co]. */
function dilate(scope: KernelScope, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  if (sh === 1 && sw === 1) return dy;
  const [n, oh, ow, co] = dy.shape;
  const split = scope.run(tf.Reshape, { x: dy }, { shape: [n, oh, 1, ow, 1, co] });
  const padded = scope.run(
    tf.PadV2,
    { x: split },
    {
      paddings: [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  return scope.run(tf.Reshape, { x: padded }, { shape: [n, oh * sh, ow * sw, co] });
}
