/**
 * The plane of the Hessian's top two eigenvectors at the trained weights
 * (PyHessian-style, Yao et al. 2020): Lanczos (lanczos.ts) on the
 * Hessian-vector products of hessian-vector.ts, over the parameters the
 * recipe moves — kernels always, rank ≤ 1 parameters with `ignore: none`,
 * activation parameters with `activationParams: move` — so the directions
 * are exact eigenvectors of the Hessian restricted to the plane's own
 * subspace.
 *
 * Scale: a unit eigenvector moves the weights by 1 in Euclidean length,
 * which at α = 1 is nothing next to ‖θ‖; so, except under `normalization:
 * none`, each eigenvector is scaled (as a whole: filter-wise scaling would
 * break the eigen-property) to ‖θ‖ of the moved parameters, the length a
 * filter-normalised random direction has. Sign: the largest |component| is
 * positive, so a recipe always gives the same plane.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Normalization } from '../../contract.ts';
import type { LabelledBatch } from '../network/evaluate.ts';
import type { WeightLayout } from '../training/weights.ts';
import { randomParameterVector } from './hessian.ts';
import { FiniteDifferenceHessian, type ParameterVector } from './hessian-vector.ts';
import { lanczosTopEigenpairs, measuredResidual } from './lanczos.ts';
import { weightRole } from './weight-roles.ts';

export interface HessianPlaneOptions {
  seed: number;
  normalization: Normalization;
  ignore: 'biasbn' | 'none';
  activationParams: 'fixed' | 'move';
  /** 1 for a line (the top eigenvector), 2 for a plane. */
  count: 1 | 2;
  /** Most Lanczos steps. Default 40. */
  maxSteps?: number;
  /** Lanczos stops once each pair's estimated relative residual is below this. Default 1e-4. */
  tolerance?: number;
  relativeStep?: number;
  /** Between products; throw to cancel. */
  checkpoint?: () => Promise<void>;
}

export interface HessianPlaneInfo {
  /** Eigenvalues of largest magnitude, largest first (d₁'s, then d₂'s). */
  eigenvalues: number[];
  /** ‖Hv − λv‖ ÷ |λ| of each unit eigenvector, measured with one more product each. */
  residuals: number[];
  lanczosSteps: number;
  /** Hessian-vector products in all (Lanczos steps + residual checks). */
  products: number;
  /** Scalar parameters the Hessian is over. */
  parameters: number;
  /** Examples of the loss the Hessian is of. */
  examples: number;
  /** Length of each direction: ‖θ‖ of the moved parameters, or 1 (`normalization: none`). */
  length: number;
  method: 'lanczos, finite-difference Hessian-vector products';
}

export interface HessianPlaneResult {
  /** Directions in `layout` order (zeros outside the moved parameters). */
  directions: Float32Array[];
  info: HessianPlaneInfo;
}

/** Whether the plane moves a weight, by the same roles random directions use. */
export function hessianMoves(name: string, shape: readonly number[], options: Pick<HessianPlaneOptions, 'ignore' | 'activationParams'>): boolean {
  switch (weightRole(name, shape)) {
    case 'kernel':
      return true;
    case 'vector':
      return options.ignore === 'none';
    case 'activation':
      return options.activationParams === 'move';
    case 'statistic':
      return false;
  }
}

function toTensors(flat: Float32Array, shapes: readonly number[][]): ParameterVector {
  let offset = 0;
  return shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(flat.subarray(offset, offset + size), shape, 'float32');
    offset += size;
    return t;
  });
}

async function toFlat(v: ParameterVector, size: number): Promise<Float32Array> {
  const flat = new Float32Array(size);
  let offset = 0;
  for (const t of v) {
    flat.set((await t.data()) as Float32Array, offset);
    offset += t.size;
  }
  return flat;
}

/** Flips the sign so that the component of largest magnitude is positive. */
function canonicalSign(v: Float32Array): void {
  let at = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[at])) at = i;
  if (v[at] < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i];
}

/**
 * @param model the trained model (its weights are bit-identical afterwards)
 * @param batches the examples of the loss (inference mode)
 */
export async function hessianPlane(model: tfl.LayersModel, batches: readonly LabelledBatch[], layout: WeightLayout, options: HessianPlaneOptions): Promise<HessianPlaneResult> {
  const operator = await FiniteDifferenceHessian.create(model, batches, {
    relativeStep: options.relativeStep,
    select: (name, shape) => hessianMoves(name, shape, options),
  });
  try {
    const apply = async (v: Float32Array): Promise<Float32Array> => {
      const tensors = toTensors(v, operator.shapes);
      try {
        const product = await operator.apply(tensors);
        const flat = await toFlat(product, operator.size);
        tf.dispose(product);
        return flat;
      } finally {
        tf.dispose(tensors);
      }
    };
    const startTensors = randomParameterVector(operator.shapes, options.seed, 1000, 'gaussian');
    const start = await toFlat(startTensors, operator.size);
    tf.dispose(startTensors);
    const lanczos = await lanczosTopEigenpairs(apply, {
      count: options.count,
      maxSteps: options.maxSteps ?? 40,
      tolerance: options.tolerance ?? 1e-4,
      start,
      checkpoint: options.checkpoint,
    });
    const residuals: number[] = [];
    for (let i = 0; i < lanczos.vectors.length; i++) {
      await options.checkpoint?.();
      residuals.push(await measuredResidual(apply, lanczos.values[i], lanczos.vectors[i]));
    }
    const length = options.normalization === 'none' ? 1 : operator.thetaNorm;
    const directions = lanczos.vectors.map((v) => {
      canonicalSign(v);
      const direction = new Float32Array(layout.size);
      let offset = 0;
      operator.names.forEach((name, i) => {
        const at = layout.names.indexOf(name);
        if (at < 0 || layout.names.lastIndexOf(name) !== at) throw new Error(`Weight ${name} is not exactly once in the weight layout.`);
        const size = operator.shapes[i].reduce((a, b) => a * b, 1);
        for (let e = 0; e < size; e++) direction[layout.offsets[at] + e] = v[offset + e] * length;
        offset += size;
      });
      return direction;
    });
    return {
      directions,
      info: {
        eigenvalues: lanczos.values,
        residuals,
        lanczosSteps: lanczos.steps,
        products: lanczos.steps + residuals.length,
        parameters: operator.size,
        examples: batches.reduce((n, b) => n + b.x.shape[0], 0),
        length,
        method: 'lanczos, finite-difference Hessian-vector products',
      },
    };
  } finally {
    operator.dispose();
  }
}
