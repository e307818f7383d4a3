/**
 * TensorFlow.js derives the seed of every unseeded random op (weight
 * initialisers, dropout masks) from Math.random. Replacing Math.random with a
 * seeded generator for the duration of a run makes training reproducible:
 * same seed, same backend → same curves. Runs in one engine are sequential,
 * so the swap cannot leak into another run.
 */
import { mulberry32 } from '../data/seeded-random.ts';

export async function withSeededMathRandom<T>(seed: number, body: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = mulberry32(seed);
  try {
    return await body();
  } finally {
    Math.random = original;
  }
}
