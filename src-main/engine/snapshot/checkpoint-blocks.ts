/**
 * Checkpoints stored without repeats: each checkpoint is cut into its weight
 * tensors (the run's `weightShapes`), and a tensor whose bytes equal one
 * already stored — in an earlier checkpoint, earlier in the same checkpoint,
 * or in the final weights (`weights.bin`) — is referenced instead of written
 * again. `checkpoint-blocks.f32` holds the distinct tensors one after another;
 * `checkpoints.json` says, per checkpoint and tensor, where each one is.
 */
import { createHash } from 'node:crypto';
import type { CheckpointIndex, CheckpointTensorRef } from '../../contract.ts';

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function bytesOf(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Float32 values of `bytes`, copied when the bytes do not start on a 4-byte boundary. */
export function alignedFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer, 0, bytes.byteLength >> 2);
}

/**
 * Float32 offsets of the tensors in `weights.bin`, from model.json's weights manifest; empty when the
 * manifest is not plain float32 throughout (then nothing refers to the final weights).
 */
export function finalWeightSpans(modelJson: Record<string, unknown>, weightBytes: number): Array<{ offset: number; size: number }> {
  const groups = modelJson.weightsManifest;
  if (!Array.isArray(groups)) return [];
  const spans: Array<{ offset: number; size: number }> = [];
  let offset = 0;
  for (const group of groups as Array<{ weights?: unknown }>) {
    if (!Array.isArray(group.weights)) return [];
    for (const weight of group.weights as Array<{ shape?: unknown; dtype?: unknown; quantization?: unknown }>) {
      if (weight.dtype !== 'float32' || weight.quantization !== undefined || !Array.isArray(weight.shape)) return [];
      const size = sizeOf(weight.shape as number[]);
      spans.push({ offset, size });
      offset += size;
    }
  }
  return offset * 4 === weightBytes ? spans : [];
}

class TensorStore {
  readonly #byDigest = new Map<string, Array<{ ref: CheckpointTensorRef; bytes: Uint8Array }>>();

  find(bytes: Uint8Array): CheckpointTensorRef | null {
    const found = this.#byDigest.get(this.#digest(bytes))?.find((candidate) => sameBytes(candidate.bytes, bytes));
    return found?.ref ?? null;
  }

  add(bytes: Uint8Array, ref: CheckpointTensorRef): void {
    const digest = this.#digest(bytes);
    const list = this.#byDigest.get(digest) ?? [];
    list.push({ ref, bytes });
    this.#byDigest.set(digest, list);
  }

  #digest(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  }
}

/** The index and the distinct tensors of `checkpoints` (each a flat vector in `shapes` order). */
export function encodeCheckpointBlocks(
  checkpoints: readonly Float32Array[],
  shapes: readonly number[][],
  finalWeights: { bytes: Uint8Array; spans: Array<{ offset: number; size: number }> },
): { index: CheckpointIndex; blocks: Float32Array } {
  const store = new TensorStore();
  for (const span of finalWeights.spans) {
    const bytes = finalWeights.bytes.subarray(span.offset * 4, (span.offset + span.size) * 4);
    if (!store.find(bytes)) store.add(bytes, ['weights', span.offset]);
  }
  const pieces: Float32Array[] = [];
  let written = 0;
  const index: CheckpointIndex = {
    checkpoints: checkpoints.map((flat) => {
      let offset = 0;
      return shapes.map((shape) => {
        const values = flat.subarray(offset, offset + sizeOf(shape));
        offset += values.length;
        const bytes = bytesOf(values);
        const known = store.find(bytes);
        if (known) return known;
        const ref: CheckpointTensorRef = ['blocks', written];
        store.add(bytes, ref);
        pieces.push(values);
        written += values.length;
        return ref;
      });
    }),
  };
  const blocks = new Float32Array(written);
  let at = 0;
  for (const piece of pieces) {
    blocks.set(piece, at);
    at += piece.length;
  }
  return { index, blocks };
}

/**
 * Rebuilds every checkpoint's flat vector (each its own memory) from the index.
 * @throws Error naming the checkpoint and tensor when the index does not fit the layout or the entries.
 */
export function decodeCheckpointBlocks(
  index: CheckpointIndex,
  blocks: Float32Array,
  finalWeights: Float32Array,
  shapes: readonly number[][],
): Float32Array[] {
  const total = shapes.reduce((sum, shape) => sum + sizeOf(shape), 0);
  return index.checkpoints.map((refs, c) => {
    if (refs.length !== shapes.length) throw new Error(`checkpoint ${c} lists ${refs.length} tensors; the run has ${shapes.length}.`);
    const flat = new Float32Array(total);
    let offset = 0;
    refs.forEach(([entry, at], t) => {
      const size = sizeOf(shapes[t]);
      const source = entry === 'blocks' ? blocks : finalWeights;
      if (at + size > source.length) throw new Error(`checkpoint ${c}, tensor ${t}: ${size} values at ${at} lie beyond the ${source.length} of ${entry === 'blocks' ? 'checkpoint-blocks.f32' : 'weights.bin'}.`);
      flat.set(source.subarray(at, at + size), offset);
      offset += size;
    });
    return flat;
  });
}
