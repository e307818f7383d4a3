/**
 * All of a model's weights (trainable and not, in `model.weights` order) as
 * one flat float32 vector: the unit of checkpoints, trajectories and
 * weight-space arithmetic.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** Number of values in a weight of this shape (unknown dimensions count as 1). */
export function sizeOfShape(shape: ReadonlyArray<number | null>): number {
  return shape.reduce<number>((total, d) => total * (d ?? 1), 1);
}

export interface WeightLayout {
  names: string[];
  shapes: number[][];
  /** Start offset of each weight in the flat vector. */
  offsets: number[];
  size: number;
}

export function weightLayout(model: tfl.LayersModel): WeightLayout {
  const names: string[] = [];
  const shapes: number[][] = [];
  const offsets: number[] = [];
  let size = 0;
  for (const weight of model.weights) {
    names.push(weight.originalName);
    shapes.push(weight.shape.map((d) => d ?? 1));
    offsets.push(size);
    size += sizeOfShape(weight.shape);
  }
  return { names, shapes, offsets, size };
}

export function readAllWeights(model: tfl.LayersModel): Float32Array {
  const layout = weightLayout(model);
  const flat = new Float32Array(layout.size);
  model.weights.forEach((weight, i) => flat.set(weight.read().dataSync() as Float32Array, layout.offsets[i]));
  return flat;
}

/** Writes a flat vector back into the model's existing variables (no new variables). */
export function writeAllWeights(model: tfl.LayersModel, flat: Float32Array): void {
  const layout = weightLayout(model);
  if (flat.length !== layout.size) {
    throw new Error(`Weight vector has ${flat.length} values; the model needs ${layout.size}.`);
  }
  model.weights.forEach((weight, i) => {
    const values = flat.subarray(layout.offsets[i], layout.offsets[i] + sizeOfShape(weight.shape));
    const tensor = tf.tensor(values, layout.shapes[i], 'float32');
    weight.write(tensor);
    tensor.dispose();
  });
}
