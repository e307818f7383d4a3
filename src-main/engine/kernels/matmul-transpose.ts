/**
 * MatMul with transposed operands as explicit transposes, then the shipped
 * kernel with neither flag. wasm's BatchMatMul and _FusedMatMul run XNNPACK
 * only when neither flag is set; transposeA or transposeB falls to a naive
 * strided loop, 10–30× slower. Training takes both paths in every dense
 * layer: the weight gradient is xᵀ · dy, the input gradient dy · Wᵀ.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BatchMatMulAttrs, KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelScope } from './kernel-scope.ts';
import { withKernelScope } from './kernel-scope.ts';

/**
 * Wraps a shipped BatchMatMul or _FusedMatMul (both take inputs `a`, `b` and
 * the `transposeA`/`transposeB` attributes); bias, activation and the rest
 * pass through untouched.
 */
export function transposeOperandsFirst(shipped: KernelConfig): KernelConfig {
  const { kernelName, backendName } = shipped;
  const kernelFunc: KernelFunc = (args) => {
    const attrs = args.attrs as unknown as BatchMatMulAttrs;
    const { a, b } = args.inputs;
    if (!a || !b || (!attrs.transposeA && !attrs.transposeB)) return shipped.kernelFunc(args);
    const backend = args.backend as KernelBackend;
    return withKernelScope(backend, backendName, (scope) => {
      const out = shipped.kernelFunc({
        inputs: {
          ...args.inputs,
          a: attrs.transposeA ? swapLastTwo(scope, a) : a,
          b: attrs.transposeB ? swapLastTwo(scope, b) : b,
        },
        backend,
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      });
      return single(out, kernelName);
    });
  };
  return { kernelName, backendName, kernelFunc };
}

function swapLastTwo(scope: KernelScope, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return scope.run(tf.Transpose, { x }, { perm });
}

function single(out: TensorInfo | TensorInfo[], kernelName: string): TensorInfo {
  if (Array.isArray(out)) throw new Error(`${kernelName} returned several outputs.`);
  return out;
}
