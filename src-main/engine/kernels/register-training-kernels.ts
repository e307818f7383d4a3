/**
 * Makes TensorFlow.js 4.22 able to train CNNs at a usable speed on wasm and
 * cpu by replacing a few kernels; see each kernel's file for why it is slow
 * or missing as shipped. Called once by backend.ts after the backend is chosen.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterReplacement } from './conv2d-backprop-filter.ts';
import { conv2DBackpropInputReplacement } from './conv2d-backprop-input.ts';
import { maxPoolGradReplacement } from './max-pool-grad.ts';
import { transposeOperandsFirst } from './matmul-transpose.ts';
import { sharedIdentityReplacement } from './shared-identity.ts';
import { replaceKernel } from './shipped-kernels.ts';

export { invokeKernel, registeredKernel, shippedKernel } from './shipped-kernels.ts';

/** Every kernel this module knows how to replace. */
export const REPLACEABLE_KERNELS = [
  tf.Conv2DBackpropFilter,
  tf.Conv2DBackpropInput,
  tf.BatchMatMul,
  tf._FusedMatMul,
  tf.MaxPoolGrad,
  tf.Identity,
] as const;
export type ReplaceableKernel = (typeof REPLACEABLE_KERNELS)[number];

/**
 * What is registered where, decided by test/bench/kernels-bench.ts on a
 * 2-core x86 machine (TF.js 4.22, Node 20); rerun it before changing this.
 * - wasm ships no Conv2DBackpropFilter; its Conv2DBackpropInput is a scalar
 *   loop (3–9× slower than a forward conv) and its MatMuls leave XNNPACK for
 *   any transpose flag (3–12× slower): all replaced.
 * - cpu's Conv2DBackpropFilter is ~50× slower than the conv rebuild. Its
 *   Conv2DBackpropInput beats the rebuild when the forward conv has many
 *   output channels (cpu's Conv2D is slow with few), and its MatMul already
 *   reads transposed operands in place (mixed, noise-level results): kept.
 * - MaxPoolGrad: wasm's breaks TensorFlow's definition (ties, windows whose
 *   maximum is not positive) and is 1.2–4× slower than the replacement;
 *   cpu's is right but 25–70× slower: replaced on both.
 * - Identity: wasm's copies the data (the tape clones every tensor a custom
 *   gradient saves); the replacement shares it as cpu's does: wasm only.
 */
const PLAN: Record<string, readonly ReplaceableKernel[]> = {
  wasm: [tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput, tf.BatchMatMul, tf._FusedMatMul, tf.MaxPoolGrad, tf.Identity],
  cpu: [tf.Conv2DBackpropFilter, tf.MaxPoolGrad],
};

/** The kernels `registerTrainingKernels` replaces on this backend. */
export function plannedReplacements(tfBackendName: string): readonly ReplaceableKernel[] {
  return PLAN[tfBackendName] ?? [];
}

/**
 * Builds the replacement for `kernelName` on top of a given shipped kernel,
 * whether or not the plan registers it; the benchmark uses it to time both.
 * Null when there is nothing to build on (a MatMul wrapper without a MatMul).
 */
export function buildReplacement(
  kernelName: ReplaceableKernel,
  tfBackendName: string,
  shipped: KernelConfig | null,
): KernelConfig | null {
  switch (kernelName) {
    case tf.Conv2DBackpropFilter:
      return conv2DBackpropFilterReplacement(tfBackendName, shipped);
    case tf.Conv2DBackpropInput:
      return conv2DBackpropInputReplacement(tfBackendName, shipped);
    case tf.BatchMatMul:
    case tf._FusedMatMul:
      return shipped ? transposeOperandsFirst(shipped) : null;
    case tf.MaxPoolGrad:
      return maxPoolGradReplacement(tfBackendName, shipped);
    case tf.Identity:
      return sharedIdentityReplacement(tfBackendName, shipped);
  }
}

/** Registers the planned replacements for 'wasm' and 'cpu'; idempotent; other backends are left alone. */
export function registerTrainingKernels(tfBackendName: string): void {
  for (const kernelName of plannedReplacements(tfBackendName)) {
    replaceKernel(kernelName, tfBackendName, (shipped) => buildReplacement(kernelName, tfBackendName, shipped));
  }
}
