/**
 * The home view of a surface: from the front-right and about 40° above, so
 * the bowl's far rim shows behind its centre and a high near corner drops
 * below the centre on screen instead of standing in front of it (issue 15:
 * at 21° the near corner read as a stray wedge in the middle of the bowl).
 * As close as possible while the surface's bounding box and its axis labels
 * fit the view, with the content centred (not the box's centre, which
 * perspective pushes off-centre). Works for any aspect ratio, so narrow
 * side-by-side panels and a wide single view both start framed.
 */
import { Vector3, type PerspectiveCamera } from 'three';

/** Vertical field of view of the surface cameras, in degrees. */
export const HOME_FOV = 35;
/** Elevation of the home camera above the base plane, in degrees. */
export const HOME_ELEVATION = 40;
/** Azimuth: the horizontal direction to the camera is (sin, 0, cos) of this, in degrees from +z (the α axis's front). */
const HOME_AZIMUTH = 37.6;
const HOME_DIRECTION = ((): Vector3 => {
  const e = (HOME_ELEVATION * Math.PI) / 180;
  const a = (HOME_AZIMUTH * Math.PI) / 180;
  return new Vector3(Math.cos(e) * Math.sin(a), Math.sin(e), Math.cos(e) * Math.cos(a));
})();
/** What must be visible when nothing else is said: the 2 × 2 footprint up to height 0.9, with room for labels. */
export const DEFAULT_FIT_POINTS = [-1.2, 1.2].flatMap((x) => [-1.2, 1.2].flatMap((z) => [new Vector3(x, -0.03, z), new Vector3(x, 1.05, z)]));
/** Largest |NDC| a fitted point may have; the rest of the view is margin. */
export const FIT_EXTENT = 0.94;

/** The corners of a surface's bounding box (footprint ±1, heights 0…top) and the points its labels sit at. */
export function fitPointsFor(top: number, labelPositions: readonly Vector3[]): Vector3[] {
  const corners = [-1, 1].flatMap((x) => [-1, 1].flatMap((z) => [new Vector3(x, 0, z), new Vector3(x, top, z)]));
  return [...corners, ...labelPositions];
}

interface Extent {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** The NDC bounding box of the fit points as `camera` sees them. */
export function projectedExtent(camera: PerspectiveCamera, points: readonly Vector3[] = DEFAULT_FIT_POINTS): Extent {
  const box = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  for (const p of points) {
    const ndc = p.clone().project(camera);
    box.minX = Math.min(box.minX, ndc.x);
    box.maxX = Math.max(box.maxX, ndc.x);
    box.minY = Math.min(box.minY, ndc.y);
    box.maxY = Math.max(box.maxY, ndc.y);
  }
  return box;
}

/**
 * Moves `camera` (its aspect and fov already set) to the home view and
 * returns the point it looks at, for the orbit controls' target. The
 * distance is found by bisection; the target is then shifted by the
 * content's offset from the view centre, and the two steps repeat.
 */
export function placeHomeCamera(camera: PerspectiveCamera, points: readonly Vector3[] = DEFAULT_FIT_POINTS): Vector3 {
  const centre = points.reduce((sum, p) => sum.add(p), new Vector3()).divideScalar(Math.max(1, points.length));
  const target = new Vector3(0, centre.y, 0);
  const place = (distance: number): void => {
    camera.position.copy(target).addScaledVector(HOME_DIRECTION, distance);
    camera.lookAt(target);
    camera.updateMatrixWorld();
  };
  const fits = (distance: number): boolean => {
    place(distance);
    const box = projectedExtent(camera, points);
    return Math.max(-box.minX, box.maxX, -box.minY, box.maxY) <= FIT_EXTENT;
  };
  let distance = 30;
  for (let round = 0; round < 3; round++) {
    let near = 0.5;
    let far = 30;
    for (let i = 0; i < 24; i++) {
      const mid = (near + far) / 2;
      if (fits(mid)) far = mid;
      else near = mid;
    }
    distance = far;
    place(distance);
    // NDC offset of the content's centre → world offset at the target's depth.
    const box = projectedExtent(camera, points);
    const halfHeight = distance * Math.tan(((camera.fov / 2) * Math.PI) / 180);
    const right = new Vector3().setFromMatrixColumn(camera.matrixWorld, 0);
    const up = new Vector3().setFromMatrixColumn(camera.matrixWorld, 1);
    target.addScaledVector(right, ((box.minX + box.maxX) / 2) * halfHeight * camera.aspect);
    target.addScaledVector(up, ((box.minY + box.maxY) / 2) * halfHeight);
  }
  place(distance);
  return target;
}
