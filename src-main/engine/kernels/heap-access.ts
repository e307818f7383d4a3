/**
 * Direct access to a float32 tensor's values from inside a kernel: a view
 * into the wasm heap (no copy), or the stored array on other backends.
 */
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

/** The wasm backend's own accessors: views into its heap, no copies. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

function isHeapBackend(backend: KernelBackend): backend is KernelBackend & HeapBackend {
  const candidate = backend as Partial<HeapBackend>;
  return typeof candidate.makeOutput === 'function' && typeof candidate.typedArrayFromHeap === 'function';
}

/** A tensor's values: a heap view on wasm (valid until the heap grows), the stored array elsewhere. */
export function readFloats(backend: KernelBackend, info: TensorInfo): Float32Array {
  if (isHeapBackend(backend)) return backend.typedArrayFromHeap(info);
  return backend.readSync(info.dataId) as Float32Array;
}

/**
 * The output buffer. On wasm it is allocated first, because allocating can
 * grow the heap and detach earlier views; elsewhere it is a plain array
 * handed to the backend once filled.
 */
export function allocateOutput(backend: KernelBackend, shape: number[]): { values: Float32Array; commit: () => TensorInfo } {
  if (isHeapBackend(backend)) {
    const info = backend.makeOutput(shape, 'float32');
    return { values: backend.typedArrayFromHeap(info), commit: () => info };
  }
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  return { values, commit: () => ({ dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' }) };
}
