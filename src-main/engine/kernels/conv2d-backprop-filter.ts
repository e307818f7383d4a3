/**
 * Conv2DBackpropFilter as one forward conv2d, so it runs on the backend's
 * fastest kernel (XNNPACK on wasm, the tight forward loop on cpu). wasm ships
 * no Conv2DBackpropFilter at all; cpu's is a scalar loop over TensorBuffer.get
 * that takes ~40 s for one conv layer of a small CNN at batch 64.
 *
 * dW[i,j,c,o] = Σ_n,y,x  xPadded[n, y·sh + i, x·sw + j, c] · dy[n, y, x, o]
 * is a stride-1 conv whose "batch" is the input channel c, whose "channels"
 * are the examples n, whose filter is dy (taps y, x spaced by the forward
 * stride, hence dilation = stride), and whose output pixels are the taps i, j.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropFilterInputs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { withKernelScope } from './kernel-scope.ts';
import { transposeKeepingRows } from './row-transpose.ts';
import { forwardConvGeometry, spatialPads } from './padding.ts';
import { dilationReason, fallBackOrThrow } from './unsupported.ts';

type Shape4 = [number, number, number, number];

export function conv2DBackpropFilterReplacement(backendName: string, shipped: KernelConfig | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x, dy } = args.inputs as Conv2DBackpropFilterInputs;
    const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
    if (!x || !dy) throw new Error(`${tf.Conv2DBackpropFilter} needs inputs x and dy.`);
    const reason = unsupportedReason(x, dy, attrs);
    if (reason) return fallBackOrThrow(tf.Conv2DBackpropFilter, backendName, shipped, args, reason);
    return filterGradient(args.backend as KernelBackend, backendName, x, dy, attrs);
  };
  return { kernelName: tf.Conv2DBackpropFilter, backendName, kernelFunc };
}

function unsupportedReason(x: TensorInfo, dy: TensorInfo, attrs: Conv2DBackpropFilterAttrs): string | null {
  if (attrs.dataFormat === 'NCHW') return 'dataFormat NCHW is not supported';
  const dilation = dilationReason(attrs);
  if (dilation) return dilation;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') return `dtype ${x.dtype}/${dy.dtype} is not supported`;
  if (x.shape.length !== 4 || dy.shape.length !== 4) return 'x and dy must be rank 4';
  return null;
}

function filterGradient(
  backend: KernelBackend,
  backendName: string,
  x: TensorInfo,
  dy: TensorInfo,
  attrs: Conv2DBackpropFilterAttrs,
): TensorInfo {
  const [fh, fw, ci, co] = attrs.filterShape;
  const g = forwardConvGeometry(x.shape as Shape4, attrs.filterShape, attrs.strides, attrs.pad, attrs.dimRoundingMode);
  const [, oh, ow] = dy.shape;
  // Pad below/right only as far as the last tap reads; the conv then yields
  // fh × fw outputs exactly, unless x has rows no tap reads ('valid' with a
  // stride that does not divide), which the slice below drops.
  const padBottom = Math.max(0, (oh - 1) * g.strideHeight + fh - g.padTop - g.inHeight);
  const padRight = Math.max(0, (ow - 1) * g.strideWidth + fw - g.padLeft - g.inWidth);
  const outH = g.padTop + g.inHeight + padBottom - (oh - 1) * g.strideHeight;
  const outW = g.padLeft + g.inWidth + padRight - (ow - 1) * g.strideWidth;

  return withKernelScope(backend, backendName, (scope) => {
    const xT = scope.run(tf.Transpose, { x }, { perm: [3, 1, 2, 0] }); // [Ci, H, W, N]
    const dyT = transposeKeepingRows(scope, dy, [1, 2, 0]); // [OH, OW, N, Co]
    // Padding is the conv's own explicit pad: no padded copy of x is made.
    let dW = scope.run(
      tf.Conv2D,
      { x: xT, filter: dyT },
      {
        strides: [1, 1],
        pad: spatialPads(g.padTop, padBottom, g.padLeft, padRight),
        dataFormat: 'NHWC',
        dilations: [g.strideHeight, g.strideWidth],
      },
    ); // [Ci, outH, outW, Co]
    if (outH !== fh || outW !== fw) {
      dW = scope.run(tf.Slice, { x: dW }, { begin: [0, 0, 0, 0], size: [ci, fh, fw, co] });
    }
    return transposeKeepingRows(scope, dW, [1, 2, 0]); // [fh, fw, Ci, Co]
  });
}
