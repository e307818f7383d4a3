/**
 * Moves a model to points θ₀ + α·d₁ + β·d₂ of a plane by writing into its
 * EXISTING variables: no model rebuild and no tensor growth per point.
 *
 * Created once per (model, plane): θ₀, d₁ and d₂ live on the backend as one
 * tensor per weight (only for the weights the plane moves), beside a copy of
 * the model's weights as they were, which `restore()` writes back
 * bit-identically (the same buffers, not a recomputation).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { sizeOfShape, weightLayout } from '../training/weights.ts';
import type { WeightLayout } from '../training/weights.ts';
import { assertLayoutSize, weightRange } from './weight-roles.ts';

export interface PlaneSpec {
  /** θ₀, flat in `readAllWeights` layout; default: the model's current weights. */
  origin?: Float32Array;
  d1: Float32Array;
  /** Absent or null for a 1D line. */
  d2?: Float32Array | null;
}

interface MovingWeight {
  variable: tfl.LayerVariable;
  original: tf.Tensor;
  /** θ₀ of this weight (the `original` tensor itself when θ₀ equals it). */
  origin: tf.Tensor;
  d1: tf.Tensor | null;
  d2: tf.Tensor | null;
}

function isZero(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) return false;
  return true;
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}

export class PlanePerturber {
  readonly layout: WeightLayout;
  /** Whether the plane has a second direction. */
  readonly twoDimensional: boolean;
  private readonly moving: MovingWeight[];
  private disposed = false;

  private constructor(layout: WeightLayout, moving: MovingWeight[], twoDimensional: boolean) {
    this.layout = layout;
    this.moving = moving;
    this.twoDimensional = twoDimensional;
  }

  /**
   * Uploads the plane for `model`. Weights whose d₁ and d₂ are zero and whose
   * θ₀ equals their current value are never written.
   */
  static create(model: tfl.LayersModel, spec: PlaneSpec): PlanePerturber {
    const layout = weightLayout(model);
    assertLayoutSize(spec.d1, layout, 'Direction d1');
    if (spec.d2) assertLayoutSize(spec.d2, layout, 'Direction d2');
    if (spec.origin) assertLayoutSize(spec.origin, layout, 'The origin');
    const moving: MovingWeight[] = [];
    model.weights.forEach((variable, i) => {
      const [start, end] = weightRange(layout, i);
      const shape = layout.shapes[i];
      const d1 = spec.d1.subarray(start, end);
      const d2 = spec.d2 ? spec.d2.subarray(start, end) : null;
      const current = spec.origin ? (variable.read().dataSync() as Float32Array) : null;
      const origin = spec.origin ? spec.origin.subarray(start, end) : null;
      const originMoves = origin !== null && current !== null && !sameBits(origin, current);
      const d1Moves = !isZero(d1);
      const d2Moves = d2 !== null && !isZero(d2);
      if (!d1Moves && !d2Moves && !originMoves) return;
      // A clone shares the variable's buffer: the exact bits, no copy, no read-back.
      const original = tf.clone(variable.read());
      moving.push({
        variable,
        original,
        origin: originMoves ? tf.tensor(origin!, shape, 'float32') : original,
        d1: d1Moves ? tf.tensor(d1, shape, 'float32') : null,
        d2: d2Moves ? tf.tensor(d2!, shape, 'float32') : null,
      });
    });
    return new PlanePerturber(layout, moving, spec.d2 != null);
  }

  /** Number of weights (tensors) this plane writes at each point. */
  get movingWeights(): number {
    return this.moving.length;
  }

  /** Number of values this plane writes at each point. */
  get movingValues(): number {
    return this.moving.reduce((n, m) => n + sizeOfShape(m.original.shape), 0);
  }

  /** Writes θ₀ + α·d₁ + β·d₂ (float32, computed on the backend) into the model's variables. */
  moveTo(alpha: number, beta = 0): void {
    this.assertLive();
    for (const m of this.moving) {
      const next = tf.tidy(() => {
        let step: tf.Tensor | null = m.d1 ? tf.mul(m.d1, alpha) : null;
        if (m.d2) step = step ? tf.add(step, tf.mul(m.d2, beta)) : tf.mul(m.d2, beta);
        return step ? tf.add(m.origin, step) : tf.clone(m.origin);
      });
      m.variable.write(next);
      next.dispose();
    }
  }

  /** Writes the weights the model had when the perturber was created, bit for bit. */
  restore(): void {
    this.assertLive();
    for (const m of this.moving) m.variable.write(m.original);
  }

  /** Frees the plane's tensors; does not restore (call `restore()` first). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const m of this.moving) {
      if (m.origin !== m.original) m.origin.dispose();
      tf.dispose([m.original, ...(m.d1 ? [m.d1] : []), ...(m.d2 ? [m.d2] : [])]);
    }
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('This PlanePerturber has been disposed.');
  }
}
