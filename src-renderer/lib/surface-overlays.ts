/**
 * What is drawn on top of a surface mesh, as world-space positions (see
 * surface-mesh.ts for the world layout): contour lines lifted onto the
 * surface, the training trajectory on a PCA plane, and the centre marker.
 */
import type { TrajectoryPoint } from '../../src-main/contract/surface.ts';
import type { ContourLine } from './contours.ts';
import { bilinear, gridIndexOf } from './grid-field.ts';
import { worldX, worldZ } from './surface-mesh.ts';

/**
 * Contour lines as line-segment pairs (x, y, z, x, y, z per segment) lying on
 * the surface, raised by `lift` so they are not hidden inside it. A segment
 * whose height is unknown (next to a hole) is left out.
 */
export function contourSegments(lines: readonly ContourLine[], heights: ArrayLike<number>, nx: number, ny: number, lift = 0.004): Float32Array {
  let count = 0;
  for (const line of lines) count += Math.max(0, line.points.length / 2 - 1);
  const out = new Float32Array(count * 6);
  let k = 0;
  for (const line of lines) {
    const p = line.points;
    for (let j = 0; j + 3 < p.length; j += 2) {
      const h0 = bilinear(heights, nx, ny, p[j], p[j + 1]);
      const h1 = bilinear(heights, nx, ny, p[j + 2], p[j + 3]);
      if (Number.isNaN(h0) || Number.isNaN(h1)) continue;
      out.set([worldX(p[j], nx), h0 + lift, worldZ(p[j + 1], ny), worldX(p[j + 2], nx), h1 + lift, worldZ(p[j + 3], ny)], k);
      k += 6;
    }
  }
  return out.subarray(0, k);
}

export interface TrajectoryPath {
  /** x, y, z per checkpoint, in epoch order. */
  positions: Float32Array;
  epochs: number[];
  /** Checkpoints whose projection falls outside the computed grid (drawn at its edge). */
  outside: number;
}

/**
 * The training trajectory projected on a PCA plane, as a path on the surface.
 * Checkpoints off the grid are clamped to its edge and counted; where the
 * surface has no height the path runs at the top of the range, so it stays visible.
 */
export function trajectoryPath(
  trajectory: readonly TrajectoryPoint[],
  xs: readonly number[],
  ys: readonly number[],
  heights: ArrayLike<number>,
  top: number,
  lift = 0.02,
): TrajectoryPath {
  const nx = xs.length;
  const ny = ys.length;
  const sorted = [...trajectory].sort((a, b) => a.epoch - b.epoch);
  const positions = new Float32Array(sorted.length * 3);
  let outside = 0;
  sorted.forEach((point, k) => {
    const gx = gridIndexOf(xs, point.x);
    const gy = gridIndexOf(ys, point.y);
    const cx = Math.min(nx - 1, Math.max(0, gx));
    const cy = Math.min(ny - 1, Math.max(0, gy));
    if (cx !== gx || cy !== gy) outside++;
    const h = bilinear(heights, nx, ny, cx, cy);
    positions.set([worldX(cx, nx), (Number.isNaN(h) ? top : h) + lift, worldZ(cy, ny)], k * 3);
  });
  return { positions, epochs: sorted.map((p) => p.epoch), outside };
}

/** World position of the plane's origin (α = β = 0, the trained model), or null when the grid does not contain it. */
export function centrePosition(xs: readonly number[], ys: readonly number[], heights: ArrayLike<number>): [number, number, number] | null {
  const nx = xs.length;
  const ny = ys.length;
  const gx = gridIndexOf(xs, 0);
  const gy = ny > 1 ? gridIndexOf(ys, 0) : 0;
  if (gx < 0 || gx > nx - 1 || gy < 0 || gy > ny - 1) return null;
  const h = bilinear(heights, nx, ny, gx, gy);
  return [worldX(gx, nx), Number.isNaN(h) ? 0 : h, worldZ(gy, ny)];
}
