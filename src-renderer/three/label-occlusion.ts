/**
 * Depth testing for the 2D overlay's axis labels: a label is hidden when the
 * surface lies between the camera and the label's world point (issue 15:
 * tick labels were written through the surface).
 */
import type { Mesh, Raycaster, Vector3 } from 'three';

export function hiddenBySurface(raycaster: Raycaster, eye: Vector3, mesh: Mesh | null, point: Vector3): boolean {
  if (!mesh || !mesh.visible) return false;
  const toPoint = point.clone().sub(eye);
  const distance = toPoint.length();
  raycaster.set(eye, toPoint.normalize());
  // A label sits just off the surface's edge; the margin keeps the surface it labels from hiding it.
  raycaster.far = distance - 0.02;
  const hit = raycaster.intersectObject(mesh, false).length > 0;
  raycaster.far = Infinity;
  return hit;
}
