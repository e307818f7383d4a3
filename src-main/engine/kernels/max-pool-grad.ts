/**
 * MaxPoolGrad as one pass over the input in plain JavaScript, for two reasons.
 *
 * wasm's shipped kernel departs from TensorFlow's definition (measured on
 * TF.js 4.22; test/unit/kernels-max-pool.test.ts shows it): ties go to the
 * last maximum of a window instead of the first, and a window whose maximum
 * is not positive sends its gradient to the wrong element or drops it. Every
 * activation with negative outputs (tanh, swish, ELU, the T-activations)
 * puts such windows in front of max-pooling, so wasm trained those networks
 * on wrong gradients. It is also slower than this pass (1.2–4× at the
 * presets' shapes, batch 64). cpu's shipped kernel is right but a scalar
 * TensorBuffer.get loop, 25–70× slower than this pass.
 *
 * TensorFlow's definition, followed here exactly: each output window sends
 * its gradient to the first element, in row-major window order, that is
 * strictly greater than every element before it (the first maximum);
 * padding is never a candidate; a window with nothing above −∞ (all −∞ or
 * NaN) sends nothing; where windows overlap, their gradients add up.
 */
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, KernelFunc, MaxPoolGradAttrs, MaxPoolGradInputs, TensorInfo } from '@tensorflow/tfjs-core';
import { allocateOutput, readFloats } from './heap-access.ts';
import { fallBackOrThrow } from './unsupported.ts';

type Shape4 = [number, number, number, number];

export function maxPoolGradReplacement(backendName: string, shipped: KernelConfig | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { dy, input } = args.inputs as MaxPoolGradInputs;
    const attrs = args.attrs as unknown as MaxPoolGradAttrs;
    if (!dy || !input) throw new Error(`${tf.MaxPoolGrad} needs inputs dy and input.`);
    const reason = unsupportedReason(dy, input);
    if (reason) return fallBackOrThrow(tf.MaxPoolGrad, backendName, shipped, args, reason);
    const info = backend_util.computePool2DInfo(input.shape as Shape4, attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    if (!sameShape(dy.shape, info.outShape)) {
      throw new Error(`${tf.MaxPoolGrad}: dy has shape [${dy.shape}], the pooling's output has shape [${info.outShape}].`);
    }
    return inputGradient(args.backend as KernelBackend, dy, input, info);
  };
  return { kernelName: tf.MaxPoolGrad, backendName, kernelFunc };
}

function unsupportedReason(dy: TensorInfo, input: TensorInfo): string | null {
  if (input.dtype !== 'float32' || dy.dtype !== 'float32') return `dtype ${input.dtype}/${dy.dtype} is not supported`;
  if (input.shape.length !== 4 || dy.shape.length !== 4) return 'input and dy must be rank 4';
  return null;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * dx of shape `input.shape` [N, H, W, C]. Per window, each channel's
 * maximum is found with scalars (no per-window arrays to reset); the
 * window's pixels stay in L1 across channels. The common 2×2 window lying
 * wholly inside the input is unrolled.
 */
function inputGradient(backend: KernelBackend, dy: TensorInfo, input: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const [n, h, w, c] = input.shape as Shape4;
  const { outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const out = allocateOutput(backend, input.shape as Shape4);
  const x = readFloats(backend, input);
  const dyValues = readFloats(backend, dy);
  const dx = out.values;
  dx.fill(0);
  const rowStep = w * c;
  for (let b = 0; b < n; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      const rowStart = yr * strideHeight - top;
      const rowFrom = Math.max(0, rowStart);
      const rowTo = Math.min(h, rowStart + filterHeight);
      for (let yc = 0; yc < outWidth; yc++) {
        const colStart = yc * strideWidth - left;
        const colFrom = Math.max(0, colStart);
        const colTo = Math.min(w, colStart + filterWidth);
        const dyPixel = ((b * outHeight + yr) * outWidth + yc) * c;
        const corner = ((b * h + rowFrom) * w + colFrom) * c;
        if (rowTo - rowFrom === 2 && colTo - colFrom === 2) {
          for (let k = 0; k < c; k++) {
            // Row-major window order; strictly greater keeps the first maximum; NaN never wins.
            let best = -Infinity;
            let at = -1;
            const p00 = corner + k;
            const p01 = p00 + c;
            const p10 = p00 + rowStep;
            const p11 = p10 + c;
            if (x[p00] > best) {
              best = x[p00];
              at = p00;
            }
            if (x[p01] > best) {
              best = x[p01];
              at = p01;
            }
            if (x[p10] > best) {
              best = x[p10];
              at = p10;
            }
            if (x[p11] > best) at = p11;
            if (at >= 0) dx[at] += dyValues[dyPixel + k];
          }
          continue;
        }
        for (let k = 0; k < c; k++) {
          let best = -Infinity;
          let at = -1;
          for (let r = rowFrom; r < rowTo; r++) {
            for (let q = colFrom; q < colTo; q++) {
              const index = ((b * h + r) * w + q) * c + k;
              if (x[index] > best) {
                best = x[index];
                at = index;
              }
            }
          }
          if (at >= 0) dx[at] += dyValues[dyPixel + k];
        }
      }
    }
  }
  return out.commit();
}
