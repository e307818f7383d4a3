/**
 * A rank-4 float32 transpose that keeps the last axis in place, as whole-row
 * copies. The filter gradient needs two of these per call ([N, OH, OW, Co] →
 * [OH, OW, N, Co] and back for the result); wasm's Transpose moves them
 * element by element at ~16 ns each (51 ms for the `seed` preset's first
 * layer), where rows of Co floats copy at memory speed.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { allocateOutput, readFloats } from './heap-access.ts';
import type { KernelScope } from './kernel-scope.ts';

type Perm3 = [number, number, number];

/** `x` transposed by `[...perm, 3]`: output axis i is input axis perm[i] for i < 3; the last axis stays. */
export function transposeKeepingRows(scope: KernelScope, x: TensorInfo, perm: Perm3): TensorInfo {
  const shape = x.shape as [number, number, number, number];
  const row = shape[3];
  const outShape = [shape[perm[0]], shape[perm[1]], shape[perm[2]], row];
  const out = allocateOutput(scope.backend, outShape);
  // Views after the allocation: allocating can grow the wasm heap and detach older views.
  const source = readFloats(scope.backend, x);
  const target = out.values;
  const inStrides = [shape[1] * shape[2] * row, shape[2] * row, row];
  const [s0, s1, s2] = [inStrides[perm[0]], inStrides[perm[1]], inStrides[perm[2]]];
  const [n0, n1, n2] = outShape;
  let to = 0;
  for (let a = 0; a < n0; a++) {
    for (let b = 0; b < n1; b++) {
      let from = a * s0 + b * s1;
      for (let c = 0; c < n2; c++, from += s2) {
        if (row >= 64) {
          target.set(source.subarray(from, from + row), to);
          to += row;
        } else {
          for (let k = 0; k < row; k++) target[to++] = source[from + k];
        }
      }
    }
  }
  return scope.adopt(out.commit());
}
