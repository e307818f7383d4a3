/**
 * Hessian spectrum summaries for the surface metrics: the top eigenvalue by
 * power iteration and the trace by Hutchinson's estimator (Rademacher
 * vectors), both from Hessian-vector products (hessian-vector.ts), as
 * PyHessian (Yao et al. 2020) computes them. Random vectors come from the
 * project's seeded JS PRNG, so a seed gives the same vectors on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { gaussian, hashSeed, mulberry32 } from '../data/seeded-random.ts';
import type { LabelledBatch } from '../network/evaluate.ts';
import { hessianProgress, type HessianProgress } from './hessian-progress.ts';
import { dot, FiniteDifferenceHessian, norm } from './hessian-vector.ts';
import type { FiniteDifferenceOptions, HessianOperator, ParameterVector } from './hessian-vector.ts';

export interface HessianOptions extends FiniteDifferenceOptions {
  /** Most power iterations. Default 20. */
  iterations?: number;
  /** Power iteration stops once the eigenvalue's relative change is below this. Default 1e-3. */
  tolerance?: number;
  /** Hutchinson samples. Default 10. */
  samples?: number;
  seed?: number;
  /** Checked between Hessian-vector products; returning true aborts with an error. */
  shouldStop?: () => boolean;
  /** Told before the first and after every Hessian-vector product: products done of those planned (hessian-progress.ts). */
  onProgress?: (progress: HessianProgress) => void;
}

export interface HessianEstimate {
  /** The eigenvalue of largest magnitude (negative where the point is not a minimum along its direction). */
  topEigenvalue: number;
  powerIterations: number;
  trace: number;
  traceSamples: number;
  /** Standard error of the Hutchinson mean (sample standard deviation / √samples). */
  traceStandardError: number;
  method: 'finite-difference';
  /** Step length ε‖v‖ of every finite-difference product. */
  stepLength: number;
  /** Number of scalar parameters the Hessian is over. */
  parameters: number;
}

/**
 * A random vector shaped like the parameters, from stream (seed, purpose);
 * `kind` picks N(0, 1) or ±1. Power iteration starts from purpose 0, the
 * Hutchinson sample s uses purpose s + 1.
 */
export function randomParameterVector(shapes: number[][], seed: number, purpose: number, kind: 'gaussian' | 'rademacher'): ParameterVector {
  const random = mulberry32(hashSeed(seed) * 2 ** 20 + purpose);
  return shapes.map((shape) => {
    const values = new Float32Array(shape.reduce((n, d) => n * d, 1));
    for (let i = 0; i < values.length; i++) values[i] = kind === 'gaussian' ? gaussian(random) : random() < 0.5 ? -1 : 1;
    return tf.tensor(values, shape, 'float32');
  });
}

async function checkpoint(shouldStop?: () => boolean): Promise<void> {
  // A macrotask turn lets the job loop deliver a cancel between products.
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  if (shouldStop?.()) throw new Error('The Hessian estimate was cancelled.');
}

/**
 * Power iteration: v ← Hv/‖Hv‖ from a seeded Gaussian start; the estimate is
 * the Rayleigh quotient vᵀHv of the unit iterate.
 */
export async function topEigenvalue(
  operator: HessianOperator,
  options: Pick<HessianOptions, 'iterations' | 'tolerance' | 'seed' | 'shouldStop'> & { onIteration?: (iterations: number) => void } = {},
): Promise<{ value: number; iterations: number }> {
  const maxIterations = options.iterations ?? 20;
  const tolerance = options.tolerance ?? 1e-3;
  const start = randomParameterVector(operator.shapes, options.seed ?? 0, 0, 'gaussian');
  const startNorm = await norm(start);
  let v = tf.tidy(() => start.map((t) => tf.div(t, startNorm)));
  tf.dispose(start);
  let value = NaN;
  let iterations = 0;
  try {
    while (iterations < maxIterations) {
      await checkpoint(options.shouldStop);
      const w = await operator.apply(v);
      iterations += 1;
      options.onIteration?.(iterations);
      const next = await dot(v, w);
      const wNorm = await norm(w);
      const previous = value;
      value = next;
      tf.dispose(v);
      if (wNorm === 0 || !Number.isFinite(wNorm)) {
        v = w;
        break;
      }
      v = tf.tidy(() => w.map((t) => tf.div(t, wNorm)));
      tf.dispose(w);
      if (Math.abs(value - previous) < tolerance * Math.abs(value)) break;
    }
  } finally {
    tf.dispose(v);
  }
  return { value, iterations };
}

/** Hutchinson: trace ≈ mean over Rademacher z of zᵀHz. */
export async function hutchinsonTrace(
  operator: HessianOperator,
  options: Pick<HessianOptions, 'samples' | 'seed' | 'shouldStop'> & { onSample?: (samples: number) => void } = {},
): Promise<{ value: number; samples: number; standardError: number }> {
  const samples = options.samples ?? 10;
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`Hutchinson needs at least one sample, got ${samples}.`);
  const estimates: number[] = [];
  for (let s = 0; s < samples; s++) {
    await checkpoint(options.shouldStop);
    const z = randomParameterVector(operator.shapes, options.seed ?? 0, s + 1, 'rademacher');
    try {
      const hz = await operator.apply(z);
      estimates.push(await dot(z, hz));
      tf.dispose(hz);
      options.onSample?.(estimates.length);
    } finally {
      tf.dispose(z);
    }
  }
  const mean = estimates.reduce((a, b) => a + b, 0) / samples;
  const variance = samples > 1 ? estimates.reduce((a, e) => a + (e - mean) ** 2, 0) / (samples - 1) : NaN;
  return { value: mean, samples, standardError: Math.sqrt(variance / samples) };
}

/**
 * Top eigenvalue and trace of the Hessian of the model's mean cross-entropy
 * on `batches` (inference mode) over its trainable network weights. The
 * model's weights are bit-identical afterwards, even when it throws.
 */
export async function hessianEstimate(model: tfl.LayersModel, batches: readonly LabelledBatch[], options: HessianOptions = {}): Promise<HessianEstimate> {
  const plan = { iterations: options.iterations ?? 20, samples: options.samples ?? 10 };
  const report = (powerIterations: number, powerDone: boolean, traceSamples: number): void =>
    options.onProgress?.(hessianProgress(plan, { powerIterations, powerDone, traceSamples }));
  report(0, false, 0);
  const operator = await FiniteDifferenceHessian.create(model, batches, options);
  try {
    const top = await topEigenvalue(operator, { ...options, onIteration: (k) => report(k, false, 0) });
    report(top.iterations, true, 0);
    const trace = await hutchinsonTrace(operator, { ...options, onSample: (s) => report(top.iterations, true, s) });
    return {
      topEigenvalue: top.value,
      powerIterations: top.iterations,
      trace: trace.value,
      traceSamples: trace.samples,
      traceStandardError: trace.standardError,
      method: 'finite-difference',
      stepLength: operator.stepLength,
      parameters: operator.size,
    };
  } finally {
    operator.dispose();
  }
}
