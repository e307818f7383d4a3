/**
 * Identity that shares its input's data instead of copying it, as the cpu
 * backend's does and as wasm's own Reshape already does (incRef on the data
 * id). Every TensorFlow.js tensor is immutable and variables change by
 * swapping data ids, so nothing can tell a shared buffer from a copy.
 *
 * wasm's shipped Identity copies, and the tape calls it for every tensor a
 * custom gradient saves (the fused conv2d saves its input, filter and
 * output): ~4 ms of a 65 ms training step of the `quick` preset.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { IdentityInputs, KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { fallBackOrThrow } from './unsupported.ts';

export function sharedIdentityReplacement(backendName: string, shipped: KernelConfig | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as IdentityInputs;
    if (!x) throw new Error(`${tf.Identity} needs input x.`);
    if (x.dtype === 'string') return fallBackOrThrow(tf.Identity, backendName, shipped, args, 'string tensors are not supported');
    (args.backend as KernelBackend).incRef(x.dataId);
    const out: TensorInfo = { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    return out;
  };
  return { kernelName: tf.Identity, backendName, kernelFunc };
}
