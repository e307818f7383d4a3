/**
 * What a replacement kernel does with a case it was not written for: hand it
 * to the kernel TensorFlow.js shipped, or, where none shipped, say clearly
 * what is missing instead of computing something wrong.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

export function fallBackOrThrow(
  kernelName: string,
  backendName: string,
  shipped: KernelConfig | null,
  args: Parameters<KernelFunc>[0],
  reason: string,
): TensorInfo | TensorInfo[] {
  if (shipped) return shipped.kernelFunc(args);
  throw new Error(
    `${kernelName} on '${backendName}': ${reason}. Landscape Lab's replacement supports NHWC float32 ` +
      `with dilation 1 only, and TensorFlow.js ships no ${kernelName} for '${backendName}' to fall back to.`,
  );
}

/**
 * The gradient ops assert dilation 1 and pass no `dilations` attribute; a
 * caller of runKernel could still pass one, and these kernels assume 1.
 */
export function dilationReason(attrs: object): string | null {
  const dilations = (attrs as { dilations?: number | number[] }).dilations;
  if (dilations === undefined) return null;
  const values = Array.isArray(dilations) ? dilations : [dilations];
  return values.every((d) => d === 1) ? null : `dilations ${values.join(',')} are not supported`;
}
