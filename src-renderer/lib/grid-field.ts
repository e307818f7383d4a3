/**
 * A scalar field on a surface's grid: what every view draws (3D mesh, contour
 * map, colour bar, hover read-out). Accuracies are in percent here, as
 * everywhere the app shows them. A loss or accuracy grid of a surface and
 * a difference of two surfaces are all GridFields.
 *
 * Layout is the contract's: Z[y][x] flattened, index y·nx + x, with
 * `xs` (α, length nx) and `ys` (β, length ny) the plane coordinates.
 */
import type { SurfaceView } from '../../src-main/contract/app.ts';
import type { SurfaceArrayName, TrajectoryPoint } from '../../src-main/contract/surface.ts';

export type FieldKind = 'loss' | 'accuracy' | 'difference';

export interface GridField {
  /** Unique within the views: the surface id, or `diff:<a>:<b>`. */
  id: string;
  label: string;
  /** The run the field belongs to (null for a difference). */
  runId: string | null;
  /** What the values are, for labels: "train loss", "Δ train loss". */
  quantity: string;
  kind: FieldKind;
  xs: readonly number[];
  ys: readonly number[];
  values: Float32Array;
  /** 1 where the point has been computed. */
  done: Uint8Array;
  /** Other grids on the same points, for the hover read-out ("train accuracy" → grid). */
  readouts: ReadonlyArray<{ quantity: string; kind: FieldKind; values: Float32Array }>;
  /** Checkpoints projected onto a PCA plane, in plane coordinates. */
  trajectory: readonly TrajectoryPoint[] | null;
  /**
   * A mean of several surfaces (direction seeds): the per-point standard
   * deviation over them. Views colour the field by it (its own scale) while
   * the height stays the mean; the read-out shows mean ± std.
   */
  spread?: { quantity: string; values: Float32Array };
}

export const ARRAY_QUANTITY: Record<SurfaceArrayName, string> = {
  trainLoss: 'train loss',
  trainAccuracy: 'train accuracy (%)',
  testLoss: 'test loss',
  testAccuracy: 'test accuracy (%)',
};

/** A grid as the views show it: accuracies (stored as fractions) in percent, losses as they are. */
function shownValues(array: SurfaceArrayName, values: Float32Array): Float32Array {
  return arrayKind(array) === 'accuracy' ? values.map((v) => v * 100) : values;
}

export function arrayKind(array: SurfaceArrayName): FieldKind {
  return array === 'trainAccuracy' || array === 'testAccuracy' ? 'accuracy' : 'loss';
}

/** The field of one of a surface's grids; null when the surface does not hold that grid. */
export function fieldFromSurface(surface: SurfaceView, array: SurfaceArrayName): GridField | null {
  const values = surface.values[array];
  if (!values) return null;
  const readouts: GridField['readouts'] = (['trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy'] as const)
    .filter((name) => name !== array && surface.values[name] !== undefined)
    .map((name) => ({ quantity: ARRAY_QUANTITY[name], kind: arrayKind(name), values: shownValues(name, surface.values[name]!) }));
  return {
    id: surface.id,
    label: surface.label,
    runId: surface.runId,
    quantity: ARRAY_QUANTITY[array],
    kind: arrayKind(array),
    xs: surface.xCoordinates,
    // A 1D line has no y axis; one row at β = 0 keeps the layout uniform.
    ys: surface.yCoordinates.length > 0 ? surface.yCoordinates : [0],
    values: shownValues(array, values),
    done: surface.done,
    readouts,
    // A PCA plane's projected trajectory, or an evolution frame's checkpoints seen from its centre.
    trajectory: surface.pca?.trajectory ?? surface.trajectory ?? null,
  };
}

export type PointState = 'ok' | 'pending' | 'non-finite';

export function pointState(field: Pick<GridField, 'values' | 'done'>, index: number): PointState {
  if (field.done[index] === 0) return 'pending';
  return Number.isFinite(field.values[index]) ? 'ok' : 'non-finite';
}

/** How many points are pending and how many are non-finite. */
export function missingCounts(field: Pick<GridField, 'values' | 'done'>): { pending: number; nonFinite: number } {
  let pending = 0;
  let nonFinite = 0;
  for (let i = 0; i < field.values.length; i++) {
    const state = pointState(field, i);
    if (state === 'pending') pending++;
    else if (state === 'non-finite') nonFinite++;
  }
  return { pending, nonFinite };
}

/** Fractional grid index of a plane coordinate on an evenly spaced axis (0 … n−1; may fall outside). */
export function gridIndexOf(coordinates: readonly number[], value: number): number {
  if (coordinates.length < 2) return 0;
  const first = coordinates[0];
  const step = (coordinates[coordinates.length - 1] - first) / (coordinates.length - 1);
  return step === 0 ? 0 : (value - first) / step;
}

/** Plane coordinate of a fractional grid index on an evenly spaced axis. */
export function coordinateAt(coordinates: readonly number[], index: number): number {
  if (coordinates.length < 2) return coordinates[0] ?? 0;
  const first = coordinates[0];
  const step = (coordinates[coordinates.length - 1] - first) / (coordinates.length - 1);
  return first + index * step;
}

/**
 * Bilinear interpolation of `heights` (one per grid point, NaN where missing)
 * at fractional grid coordinates; NaN when any of the four corners is missing.
 */
export function bilinear(heights: ArrayLike<number>, nx: number, ny: number, gx: number, gy: number): number {
  const x = Math.min(nx - 1, Math.max(0, gx));
  const y = Math.min(ny - 1, Math.max(0, gy));
  const x0 = Math.min(nx - 2, Math.floor(x));
  const y0 = Math.min(ny - 2, Math.floor(y));
  if (nx < 2 || ny < 2) {
    const i = Math.round(y) * nx + Math.round(x);
    return heights[i];
  }
  const fx = x - x0;
  const fy = y - y0;
  const i00 = y0 * nx + x0;
  const h00 = heights[i00];
  const h10 = heights[i00 + 1];
  const h01 = heights[i00 + nx];
  const h11 = heights[i00 + nx + 1];
  return h00 * (1 - fx) * (1 - fy) + h10 * fx * (1 - fy) + h01 * (1 - fx) * fy + h11 * fx * fy;
}
