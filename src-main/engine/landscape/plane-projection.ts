/**
 * Points of weight space in a plane's coordinates: the least-squares (α, β)
 * with θ ≈ θ₀ + α·d₁ + β·d₂, and how far θ lies from the plane. Used for an
 * evolution frame's trajectory: every checkpoint of the run seen from the
 * frame's own centre on the frame's directions (the PCA plane has its own).
 */
import type { TrajectoryPoint } from '../../contract.ts';

/** Float64 dot product of equal-length vectors. */
function dot(a: Float32Array, b: Float32Array | Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * @param d2 null for a line: β is 0 and the distance counts everything off d₁.
 * @throws when a direction is zero or the two are parallel.
 */
export function projectOntoPlane(
  points: ReadonlyArray<{ epoch: number; weights: Float32Array }>,
  origin: Float32Array,
  d1: Float32Array,
  d2: Float32Array | null,
): TrajectoryPoint[] {
  const g11 = dot(d1, d1);
  const g22 = d2 ? dot(d2, d2) : 1;
  const g12 = d2 ? dot(d1, d2) : 0;
  const det = g11 * g22 - g12 * g12;
  if (!(g11 > 0) || !(det > 1e-12 * g11 * g22)) throw new Error('Projecting onto the plane: its directions are zero or parallel.');
  const offset = new Float64Array(origin.length);
  return points.map(({ epoch, weights }) => {
    for (let i = 0; i < offset.length; i++) offset[i] = weights[i] - origin[i];
    const b1 = dot(d1, offset);
    const b2 = d2 ? dot(d2, offset) : 0;
    const x = (g22 * b1 - g12 * b2) / det;
    const y = d2 ? (g11 * b2 - g12 * b1) / det : 0;
    let residual = 0;
    for (let i = 0; i < offset.length; i++) {
      const r = offset[i] - x * d1[i] - (d2 ? y * d2[i] : 0);
      residual += r * r;
    }
    return { epoch, x, y, distance: Math.sqrt(residual) };
  });
}
