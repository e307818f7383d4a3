/**
 * `eval_data.npz`: exactly the examples a surface was evaluated on, in its
 * evaluation order, for `numpy.load`: `images` float32 [N, C, H, W] after
 * preprocessing (NCHW, as PyTorch CNNs take them), `labels` int64 [N]; with
 * `test_images` / `test_labels` where the surface also evaluated the test
 * split. An .npz is a zip of .npy entries (deflated here).
 */
import { zipSync } from 'fflate';
import type { SplitView } from '../../training/batches.ts';
import { encodeNpy } from '../../snapshot/export-npy.ts';

/** NHWC → NCHW for `count` images of `[h, w, c]`. */
export function toNchw(nhwc: Float32Array, count: number, [h, w, c]: readonly [number, number, number]): Float32Array {
  const per = h * w * c;
  if (nhwc.length !== count * per) throw new Error(`Expected ${count} images of ${h}×${w}×${c}, got ${nhwc.length} values.`);
  const out = new Float32Array(nhwc.length);
  for (let n = 0; n < count; n++) {
    const base = n * per;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) out[base + (ch * h + y) * w + x] = nhwc[base + (y * w + x) * c + ch]!;
  }
  return out;
}

function entries(prefix: string, split: SplitView, inputShape: [number, number, number]): Record<string, Uint8Array> {
  const [h, w, c] = inputShape;
  const labels = BigInt64Array.from(Array.from(split.y.subarray(0, split.count), (v) => BigInt(v)));
  return {
    [`${prefix}images.npy`]: encodeNpy(toNchw(split.x.subarray(0, split.count * h * w * c), split.count, inputShape), [split.count, c, h, w]),
    [`${prefix}labels.npy`]: encodeNpy(labels, [split.count]),
  };
}

/** Encodes the evaluation examples as .npz bytes. */
export function encodeEvalDataNpz(train: SplitView, test: SplitView | null, inputShape: [number, number, number]): Uint8Array {
  return zipSync({ ...entries('', train, inputShape), ...(test ? entries('test_', test, inputShape) : {}) }, { level: 1 });
}
