/**
 * Lets a replacement kernel compose other kernels of the same backend.
 *
 * Inside a kernelFunc the engine hands us TensorInfos and expects one back;
 * going through `tf.*` ops there would create engine-tracked Tensors and
 * bookkeeping we would then have to undo. Calling the backend's registered
 * kernelFuncs directly is how the shipped backends compose kernels, and it
 * leaves exactly one new data id behind: the result.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

export class KernelScope {
  private readonly made: TensorInfo[] = [];

  constructor(
    readonly backend: KernelBackend,
    readonly backendName: string,
  ) {}

  /** Runs the kernel now registered under `kernelName`; its output is freed by `dispose` unless kept. */
  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = tf.getKernel(kernelName, this.backendName);
    if (kernel == null) {
      throw new Error(`Kernel '${kernelName}' is not registered for backend '${this.backendName}'.`);
    }
    const out = kernel.kernelFunc({ inputs, attrs, backend: this.backend });
    if (Array.isArray(out)) {
      // None of the kernels we compose has several outputs; refuse rather than leak.
      for (const info of out) this.backend.disposeData(info.dataId);
      throw new Error(`Kernel '${kernelName}' returned several outputs; KernelScope expects one.`);
    }
    this.made.push(out);
    return out;
  }

  /** Takes an output made outside `run` (e.g. filled in place) under this scope's care. */
  adopt(info: TensorInfo): TensorInfo {
    this.made.push(info);
    return info;
  }

  /**
   * Frees every output of `run` except `keep`. Kernels such as Reshape share
   * their input's data id and bump its ref count, so a per-output
   * `disposeData` (which decrements first) is right for those as well.
   */
  dispose(keep?: TensorInfo): void {
    for (const info of this.made) {
      if (info !== keep) this.backend.disposeData(info.dataId);
    }
    this.made.length = 0;
  }
}

/** Runs `body` in a fresh scope and frees every intermediate, on success and on error. */
export function withKernelScope(
  backend: KernelBackend,
  backendName: string,
  body: (scope: KernelScope) => TensorInfo,
): TensorInfo {
  const scope = new KernelScope(backend, backendName);
  let result: TensorInfo | undefined;
  try {
    result = body(scope);
    return result;
  } finally {
    scope.dispose(result);
  }
}
