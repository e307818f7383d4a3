/**
 * Turning raw pixel bytes into what the network reads: seeded subsets,
 * 2× downsampling by 2×2 average pooling, scaling to [0, 1], per-channel
 * standardisation with statistics of the training split. Everything works on
 * flat NHWC arrays in tight loops; no per-pixel function calls.
 */
import { mulberry32, permutation, shuffleInPlace } from './seeded-random.ts';
import type { ChannelStats, Split } from './types.ts';

/** [height, width, channels] of one example. */
export type Shape = [number, number, number];

/** byte → byte / 255 as float32; a lookup keeps every path's rounding identical. */
const UNIT = Float32Array.from({ length: 256 }, (_, i) => i / 255);

/**
 * The examples a subset keeps: the first `limit` of a seeded permutation of
 * 0..count−1, sorted ascending so the split keeps its original order. All
 * indices when `limit` is absent or ≥ count. A smaller limit's subset is
 * contained in a larger one's for the same seed.
 */
export function subsetIndices(count: number, limit: number | null | undefined, seed: number): Uint32Array {
  if (limit == null || limit >= count) return Uint32Array.from({ length: count }, (_, i) => i);
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`subset size must be a whole number ≥ 0, got ${limit}`);
  return permutation(count, seed).subarray(0, limit).sort();
}

/**
 * A class-balanced subset: classes take turns, each giving its next example
 * in a seeded order, until `limit` are chosen (a class that runs out drops out).
 */
export function balancedSubsetIndices(labels: Uint8Array, limit: number, seed: number): Uint32Array {
  if (limit >= labels.length) return subsetIndices(labels.length, undefined, seed);
  const random = mulberry32(seed);
  const byClass = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const list = byClass.get(label) ?? [];
    list.push(i);
    byClass.set(label, list);
  });
  const queues = [...byClass.keys()].sort((a, b) => a - b).map((k) => shuffleInPlace(byClass.get(k)!, random));
  const chosen: number[] = [];
  for (let round = 0; chosen.length < limit; round++) {
    for (const queue of queues) {
      if (round < queue.length && chosen.length < limit) chosen.push(queue[round]);
    }
  }
  return Uint32Array.from(chosen).sort();
}

/** Spatial size after downsampling; an odd last row/column is dropped. */
export function downsampledShape([h, w, c]: Shape, factor: 1 | 2): Shape {
  return factor === 1 ? [h, w, c] : [Math.floor(h / 2), Math.floor(w / 2), c];
}

/** 2×2 average pooling of one NHWC example into `dst`, multiplied by `scale`. */
function pool2x(
  src: ArrayLike<number>,
  s: number,
  dst: Float32Array,
  d: number,
  [h, w, c]: Shape,
  scale: number,
): void {
  const h2 = Math.floor(h / 2);
  const w2 = Math.floor(w / 2);
  const row = w * c;
  const k = scale * 0.25;
  for (let y = 0; y < h2; y++) {
    const top = s + 2 * y * row;
    for (let x = 0; x < w2; x++) {
      const a = top + 2 * x * c;
      const b = a + row;
      for (let ch = 0; ch < c; ch++) {
        dst[d++] = (src[a + ch] + src[a + c + ch] + src[b + ch] + src[b + c + ch]) * k;
      }
    }
  }
}

/**
 * Copies the chosen examples out of NHWC bytes [n, h, w, c] into floats in
 * [0, 1], downsampled by `factor`: [indices.length, h', w', c].
 */
export function gatherImages(images: Uint8Array, shape: Shape, indices: Uint32Array, factor: 1 | 2): Float32Array {
  const per = shape[0] * shape[1] * shape[2];
  const [h2, w2, c] = downsampledShape(shape, factor);
  const outPer = h2 * w2 * c;
  const out = new Float32Array(indices.length * outPer);
  for (let n = 0; n < indices.length; n++) {
    const s = indices[n] * per;
    const d = n * outPer;
    if (factor === 2) {
      pool2x(images, s, out, d, shape, 1 / 255);
    } else {
      for (let j = 0; j < per; j++) out[d + j] = UNIT[images[s + j]];
    }
  }
  return out;
}

/** Labels of the chosen examples. */
export function gatherLabels(labels: Uint8Array, indices: Uint32Array): Uint8Array {
  const out = new Uint8Array(indices.length);
  for (let n = 0; n < indices.length; n++) out[n] = labels[indices[n]];
  return out;
}

/** Pixel bytes → float32 in [0, 1], same layout. */
export function bytesToUnitFloat(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = UNIT[bytes[i]];
  return out;
}

/** 2×2 average pooling of float NHWC [count, h, w, c] → [count, ⌊h/2⌋, ⌊w/2⌋, c]. */
export function downsample2x(x: Float32Array, count: number, shape: Shape): Float32Array {
  const per = shape[0] * shape[1] * shape[2];
  const [h2, w2, c] = downsampledShape(shape, 2);
  const out = new Float32Array(count * h2 * w2 * c);
  for (let n = 0; n < count; n++) pool2x(x, n * per, out, n * h2 * w2 * c, shape, 1);
  return out;
}

/** Mean and (population) standard deviation of each channel of NHWC data; a constant channel gets std 1. */
export function channelStats(x: Float32Array, channels: number): ChannelStats {
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  for (let i = 0; i < x.length; i += channels) {
    for (let ch = 0; ch < channels; ch++) {
      const v = x[i + ch];
      sum[ch] += v;
      sumSq[ch] += v * v;
    }
  }
  const n = x.length / channels;
  const mean: number[] = [];
  const std: number[] = [];
  for (let ch = 0; ch < channels; ch++) {
    const m = n > 0 ? sum[ch] / n : 0;
    const variance = n > 0 ? Math.max(sumSq[ch] / n - m * m, 0) : 0;
    const s = Math.sqrt(variance);
    mean.push(m);
    std.push(s > 1e-8 ? s : 1);
  }
  return { mean, std };
}

/** (x − mean) / std per channel, in place; returns x. */
export function standardise(x: Float32Array, stats: ChannelStats): Float32Array {
  const c = stats.mean.length;
  const mean = Float32Array.from(stats.mean);
  const inv = Float32Array.from(stats.std, (s) => 1 / s);
  if (c === 1) {
    const m = mean[0];
    const k = inv[0];
    for (let i = 0; i < x.length; i++) x[i] = (x[i] - m) * k;
    return x;
  }
  for (let i = 0; i < x.length; i += c) {
    for (let ch = 0; ch < c; ch++) x[i + ch] = (x[i + ch] - mean[ch]) * inv[ch];
  }
  return x;
}

/**
 * Per-channel statistics of the chosen examples' pixels as floats in [0, 1],
 * from a byte histogram: one read-only pass and exact sums, for the
 * full-resolution path where no float copy exists yet.
 */
export function byteChannelStats(images: Uint8Array, shape: Shape, indices: Uint32Array): ChannelStats {
  const c = shape[2];
  const per = shape[0] * shape[1] * c;
  const hist = new Float64Array(256 * c);
  for (let n = 0; n < indices.length; n++) {
    const s = indices[n] * per;
    if (c === 1) {
      for (let j = 0; j < per; j++) hist[images[s + j]]++;
    } else {
      for (let j = 0; j < per; j += c) for (let ch = 0; ch < c; ch++) hist[ch * 256 + images[s + j + ch]]++;
    }
  }
  const mean: number[] = [];
  const std: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    let count = 0;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      count += hist[ch * 256 + b];
      sum += hist[ch * 256 + b] * (b / 255);
    }
    const m = count > 0 ? sum / count : 0;
    let squares = 0;
    for (let b = 0; b < 256; b++) squares += hist[ch * 256 + b] * (b / 255 - m) ** 2;
    const sd = count > 0 ? Math.sqrt(squares / count) : 0;
    mean.push(m);
    std.push(sd > 1e-8 ? sd : 1);
  }
  return { mean, std };
}

/**
 * gatherImages + standardise in one pass at full resolution: each byte maps
 * through a per-channel table of ((b / 255) − mean) / std. Output NHWC
 * [indices.length, h, w, c].
 */
export function gatherStandardised(
  images: Uint8Array,
  shape: Shape,
  indices: Uint32Array,
  stats: ChannelStats,
): Float32Array {
  const c = shape[2];
  const per = shape[0] * shape[1] * c;
  const table = new Float32Array(256 * c);
  for (let ch = 0; ch < c; ch++) {
    for (let b = 0; b < 256; b++) table[ch * 256 + b] = (b / 255 - stats.mean[ch]) / stats.std[ch];
  }
  const out = new Float32Array(indices.length * per);
  for (let n = 0; n < indices.length; n++) {
    const s = indices[n] * per;
    const d = n * per;
    if (c === 1) {
      for (let j = 0; j < per; j++) out[d + j] = table[images[s + j]];
    } else {
      for (let j = 0; j < per; j += c) {
        for (let ch = 0; ch < c; ch++) out[d + j + ch] = table[ch * 256 + images[s + j + ch]];
      }
    }
  }
  return out;
}

/** A fixed evaluation subset: copies of the chosen examples plus the indices they came from. */
export interface EvaluationSubset extends Split {
  /** Indices into the source split, ascending: [count]. */
  indices: Uint32Array;
}

/**
 * A seeded subset of a split for loss-landscape evaluation: the same
 * (split, count, seed) always gives the same examples. `count` ≥ the split's
 * size returns all of it.
 */
export function evaluationSubset(split: Split, count: number, seed: number): EvaluationSubset {
  const indices = subsetIndices(split.count, count, seed);
  const per = split.count > 0 ? split.x.length / split.count : 0;
  const x = new Float32Array(indices.length * per);
  for (let n = 0; n < indices.length; n++) {
    x.set(split.x.subarray(indices[n] * per, (indices[n] + 1) * per), n * per);
  }
  return { x, y: gatherLabels(split.y, indices), count: indices.length, indices };
}
