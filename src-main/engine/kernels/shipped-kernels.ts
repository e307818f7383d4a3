/**
 * Swaps kernels in TensorFlow.js's global registry while remembering what
 * shipped, so a replacement can fall back to the original and tests and
 * benchmarks can run both side by side.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

// On globalThis, like TensorFlow.js's own registry: a second copy of this
// module (test runners re-evaluate modules) must see what the first replaced.
const SHIPPED_KEY = Symbol.for('landscape-lab.shipped-kernels');
type ShippedMap = Map<string, KernelConfig | null>;

function shippedMap(): ShippedMap {
  const holder = globalThis as { [SHIPPED_KEY]?: ShippedMap };
  holder[SHIPPED_KEY] ??= new Map();
  return holder[SHIPPED_KEY];
}

function key(kernelName: string, backendName: string): string {
  return `${backendName}_${kernelName}`;
}

/** True once `replaceKernel` has run for this kernel and backend. */
export function isReplaced(kernelName: string, backendName: string): boolean {
  return shippedMap().has(key(kernelName, backendName));
}

/**
 * The kernel TensorFlow.js shipped for this backend, or null when it ships
 * none (wasm's Conv2DBackpropFilter). Before any replacement this is simply
 * what is registered now.
 */
export function shippedKernel(kernelName: string, backendName: string): KernelConfig | null {
  const map = shippedMap();
  const k = key(kernelName, backendName);
  if (map.has(k)) return map.get(k) ?? null;
  return tf.getKernel(kernelName, backendName) ?? null;
}

/** The kernel registered now (the replacement once `replaceKernel` ran). */
export function registeredKernel(kernelName: string, backendName: string): KernelConfig | null {
  return tf.getKernel(kernelName, backendName) ?? null;
}

/**
 * Registers `make(shipped)` in place of the shipped kernel; `make` returns
 * null to leave it alone. Idempotent: a kernel already replaced stays as it is.
 */
export function replaceKernel(
  kernelName: string,
  backendName: string,
  make: (shipped: KernelConfig | null) => KernelConfig | null,
): void {
  if (isReplaced(kernelName, backendName)) return;
  const shipped = tf.getKernel(kernelName, backendName) ?? null;
  const made = make(shipped);
  if (!made) return;
  // Keep the shipped setup: a wrapper that delegates needs it to run again if
  // the backend is ever re-initialised, and it is harmless for the others.
  const replacement = { setupFunc: shipped?.setupFunc, disposeFunc: shipped?.disposeFunc, ...made };
  // registerKernel only warns on a duplicate; unregistering first keeps logs clean.
  if (shipped) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel(replacement);
  shippedMap().set(key(kernelName, backendName), shipped);
}

/**
 * Runs one kernel config directly on the current backend and wraps its output
 * in a Tensor the caller disposes. For tests and benchmarks: it bypasses the
 * engine's tape and profiler, so it can run a kernel that is not registered.
 */
export function invokeKernel(config: KernelConfig, inputs: Record<string, Tensor>, attrs: NamedAttrMap): Tensor {
  const backendName = tf.getBackend();
  if (config.backendName !== backendName) {
    throw new Error(`Kernel '${config.kernelName}' is for '${config.backendName}', the current backend is '${backendName}'.`);
  }
  const out = config.kernelFunc({ inputs, attrs, backend: tf.backend() });
  if (Array.isArray(out)) throw new Error(`Kernel '${config.kernelName}' returned several outputs.`);
  return tf.engine().makeTensorFromTensorInfo(out);
}
