/**
 * A small deterministic PRNG (mulberry32) and the shuffles built on it. Used
 * wherever the project needs reproducible randomness without TensorFlow.js:
 * data subsets, evaluation subsets, direction seeds. Not cryptographic.
 */

/** A generator of uniform floats in [0, 1). */
export type Random = () => number;

/**
 * Folds any integer seed (negative, or beyond 32 bits) into 32 bits, so that
 * seeds that differ only in high bits still give different streams.
 */
export function hashSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  const whole = Math.trunc(seed);
  const lo = whole >>> 0;
  const hi = Math.floor(whole / 4294967296) >>> 0;
  let h = (lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0;
  // murmur3's finaliser spreads nearby seeds (0, 1, 2…) far apart.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: 32-bit state, period 2^32, good enough for shuffles and subsets. */
export function mulberry32(seed: number): Random {
  let state = hashSeed(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Standard normal sample (Box–Muller); 1 − u keeps log away from 0. */
export function gaussian(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Fisher–Yates shuffle, in place; returns the same array. */
export function shuffleInPlace<A extends { length: number; [index: number]: unknown }>(array: A, random: Random): A {
  for (let i = array.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const tmp = array[i];
    array[i] = array[j];
    array[j] = tmp;
  }
  return array;
}

/** A seeded permutation of 0..n−1. */
export function permutation(n: number, seed: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleInPlace(p, mulberry32(seed));
}

/** The same seeded permutation, under the name the trainer uses for epoch orders. */
export const shuffledIndices: (n: number, seed: number) => Uint32Array = permutation;
