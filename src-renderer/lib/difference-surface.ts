/**
 * The difference a − b of two fields on the same plane coordinates: where is
 * one activation's landscape higher than the other's. A point is missing in
 * the difference when it is missing in either surface; a non-finite value on
 * either side gives a non-finite difference, flagged like any other.
 */
import type { SurfaceView } from '../../src-main/contract/app.ts';
import type { GridField } from './grid-field.ts';

const COORDINATE_TOLERANCE = 1e-9;

function sameAxis(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= COORDINATE_TOLERANCE * Math.max(1, Math.abs(v)));
}

/**
 * Why two surfaces cannot be subtracted, or null when they can: they need the
 * same grid coordinates and the same kind of plane (direction, normalisation,
 * what is ignored), else "the same point" would mean different things.
 */
export function incompatibility(a: SurfaceView, b: SurfaceView): string | null {
  if (a.id === b.id) return 'Choose two different surfaces.';
  if (!sameAxis(a.xCoordinates, b.xCoordinates) || !sameAxis(a.yCoordinates, b.yCoordinates)) {
    return `The grids differ (${a.xCoordinates.length}×${a.yCoordinates.length} vs ${b.xCoordinates.length}×${b.yCoordinates.length}, or different ranges).`;
  }
  const ra = a.recipe;
  const rb = b.recipe;
  if (ra.direction !== rb.direction) return `The planes differ: ${ra.direction} vs ${rb.direction} directions.`;
  if (ra.normalization !== rb.normalization) return `The planes differ: ${ra.normalization} vs ${rb.normalization} normalisation.`;
  if (ra.ignore !== rb.ignore) return `The planes differ: ignore ${ra.ignore} vs ${rb.ignore}.`;
  return null;
}

/** a − b point by point; both fields must share their grid (checked). */
export function differenceField(a: GridField, b: GridField): GridField {
  if (!sameAxis(a.xs, b.xs) || !sameAxis(a.ys, b.ys)) throw new Error(`${a.label} and ${b.label} are not on the same grid.`);
  const n = a.values.length;
  const values = new Float32Array(n);
  const done = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    done[i] = a.done[i] && b.done[i] ? 1 : 0;
    // Infinity − Infinity is NaN and Infinity − 3 is Infinity: both stay non-finite, as they should.
    values[i] = done[i] ? a.values[i] - b.values[i] : NaN;
  }
  return {
    id: `diff:${a.id}:${b.id}`,
    label: `${a.label} − ${b.label}`,
    runId: null,
    quantity: `Δ ${a.quantity}`,
    kind: 'difference',
    xs: a.xs,
    ys: a.ys,
    values,
    done,
    readouts: [
      { quantity: `${a.quantity} (${a.label})`, kind: a.kind, values: a.values },
      { quantity: `${b.quantity} (${b.label})`, kind: b.kind, values: b.values },
    ],
    trajectory: null,
  };
}
