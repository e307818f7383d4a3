/**
 * The home view of a surface: looking from the front-right and a little
 * above, as close as possible while the surface, its height and the axis
 * labels all fit the view, with the content centred (not the box's centre,
 * which perspective pushes off-centre). Works for any aspect ratio, so
 * narrow side-by-side panels and a wide single view both start framed.
 */
import { Vector3, type PerspectiveCamera } from 'three';

/** Vertical field of view of the surface cameras, in degrees. */
export const HOME_FOV = 35;
/** Direction from the target to the home camera. */
const HOME_DIRECTION = new Vector3(1.0, 0.62, 1.3).normalize();
const HOME_TARGET = new Vector3(0, 0.36, 0);
/** What must be visible: the 2 × 2 footprint and the height (≤ 1), with room for labels. */
const FIT_POINTS = [-1.25, 1.25].flatMap((x) => [-1.25, 1.25].flatMap((z) => [new Vector3(x, -0.05, z), new Vector3(x, 1.15, z)]));
/** Largest |NDC| a fitted point may have; the rest of the view is margin. */
export const FIT_EXTENT = 0.9;

interface Extent {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** The NDC bounding box of the fit points as `camera` sees them. */
export function projectedExtent(camera: PerspectiveCamera): Extent {
  const box = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  for (const p of FIT_POINTS) {
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
export function placeHomeCamera(camera: PerspectiveCamera): Vector3 {
  const target = HOME_TARGET.clone();
  const place = (distance: number): void => {
    camera.position.copy(target).addScaledVector(HOME_DIRECTION, distance);
    camera.lookAt(target);
    camera.updateMatrixWorld();
  };
  const fits = (distance: number): boolean => {
    place(distance);
    const box = projectedExtent(camera);
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
    const box = projectedExtent(camera);
    const halfHeight = distance * Math.tan(((camera.fov / 2) * Math.PI) / 180);
    const right = new Vector3().setFromMatrixColumn(camera.matrixWorld, 0);
    const up = new Vector3().setFromMatrixColumn(camera.matrixWorld, 1);
    target.addScaledVector(right, ((box.minX + box.maxX) / 2) * halfHeight * camera.aspect);
    target.addScaledVector(up, ((box.minY + box.maxY) / 2) * halfHeight);
  }
  place(distance);
  return target;
}
