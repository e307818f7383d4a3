/**
 * Directions (and the centre weights) as an HDF5 "directions file" in the
 * reference's layout (loss-landscape `net_plotter.setup_direction` with
 * `h5_util.write_list`), so another tool can recompute the surface as
 * θ + α·d₁ + β·d₂ at α = xcoordinates[ix], β = ycoordinates[iy]:
 *
 *   xdirection/0, xdirection/1, …   float32, one dataset per weight, in `weightNames` order
 *   ydirection/0, …                 (planes only)
 *   weights/0, …                    the centre weights θ (our addition)
 *
 * Each dataset carries attributes `name` (our weight name), `tfjs_shape`, and
 * for rank ≥ 2 `pytorch_permutation` (see export-parameters.ts): tensors are
 * stored in TensorFlow.js axis order, not PyTorch's, and the reference's
 * `load_directions` reads them positionally, so a PyTorch user transposes
 * each kernel with that permutation and matches parameters by name. The file's
 * root attributes repeat the layout as JSON (`weight_names`, `weight_shapes`)
 * beside `app_version`, `axis_order` and, when given, the `recipe`.
 */
import type { SurfaceRecipe } from '../../contract.ts';
import { APP_VERSION } from '../../app-version.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { encodeH5, setJsonAttribute, type H5Group } from './export-h5-file.ts';
import {
  AXIS_ORDER_NOTE,
  parameterLayout,
  pytorchPermutation,
  splitFlat,
  type DirectionVectors,
  type ParameterTensor,
} from './export-parameters.ts';

export interface DirectionsH5Meta {
  recipe?: SurfaceRecipe;
  runId?: string;
  surfaceId?: string;
}

function writeTensorList(group: H5Group, layout: ParameterTensor[], parts: Float32Array[]): void {
  for (const tensor of layout) {
    const dataset = group.create_dataset({ name: String(tensor.index), data: parts[tensor.index], shape: tensor.shape, dtype: '<f' });
    dataset.create_attribute('name', tensor.name);
    dataset.create_attribute('tfjs_shape', Int32Array.from(tensor.shape), [tensor.shape.length], '<i');
    const permutation = pytorchPermutation(tensor.shape.length);
    if (permutation) dataset.create_attribute('pytorch_permutation', Int32Array.from(permutation), [permutation.length], '<i');
  }
}

/**
 * Encodes directions and, when given, the centre weights (same flat layout).
 * @throws ExportError when a vector's length does not match the layout.
 */
export async function encodeDirectionsH5(
  directions: DirectionVectors,
  weights: Float32Array | null,
  meta: DirectionsH5Meta = {},
): Promise<Uint8Array> {
  const layout = parameterLayout(directions.weightNames, directions.weightShapes);
  const x = splitFlat(layout, directions.x, 'x direction');
  const y = directions.y ? splitFlat(layout, directions.y, 'y direction') : null;
  const w = weights ? splitFlat(layout, weights, 'centre weight vector') : null;
  return encodeH5((file) => {
    writeTensorList(file.create_group('xdirection'), layout, x);
    if (y) writeTensorList(file.create_group('ydirection'), layout, y);
    if (w) writeTensorList(file.create_group('weights'), layout, w);
    file.create_attribute('app_version', APP_VERSION);
    file.create_attribute('axis_order', AXIS_ORDER_NOTE);
    setJsonAttribute(file, 'weight_names', directions.weightNames);
    setJsonAttribute(file, 'weight_shapes', directions.weightShapes);
    if (meta.recipe) setJsonAttribute(file, 'recipe', meta.recipe);
    if (meta.runId !== undefined) file.create_attribute('run_id', meta.runId);
    if (meta.surfaceId !== undefined) file.create_attribute('surface_id', meta.surfaceId);
  });
}

/** Writes a directions file to `path`, atomically. */
export async function writeDirectionsH5(
  path: string,
  directions: DirectionVectors,
  weights: Float32Array | null,
  meta: DirectionsH5Meta = {},
): Promise<void> {
  await writeFileAtomic(path, await encodeDirectionsH5(directions, weights, meta));
}
