import { PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { FIT_EXTENT, HOME_FOV, placeHomeCamera, projectedExtent } from '../../src-renderer/three/home-camera.ts';

describe('home camera', () => {
  for (const aspect of [0.7, 1, 1.6, 2.8]) {
    it(`frames the whole surface, centred and close, in a view of aspect ${aspect}`, () => {
      const camera = new PerspectiveCamera(HOME_FOV, aspect, 0.05, 50);
      camera.updateProjectionMatrix();
      const target = placeHomeCamera(camera);
      const box = projectedExtent(camera);
      const reach = Math.max(-box.minX, box.maxX, -box.minY, box.maxY);
      expect(reach).toBeLessThanOrEqual(FIT_EXTENT + 0.02);
      // Close: the content fills the view along at least one axis.
      expect(Math.max(box.maxX - box.minX, box.maxY - box.minY)).toBeGreaterThan(2 * FIT_EXTENT - 0.08);
      // Centred.
      expect(Math.abs(box.minX + box.maxX)).toBeLessThan(0.05);
      expect(Math.abs(box.minY + box.maxY)).toBeLessThan(0.05);
      // Looking at the target from the front-right, above it.
      expect(camera.position.x).toBeGreaterThan(target.x);
      expect(camera.position.z).toBeGreaterThan(target.z);
      expect(camera.position.y).toBeGreaterThan(target.y);
    });
  }
});

describe('home camera angle', () => {
  /** Screen y (NDC) of a world point seen by the home camera of a view of `aspect`. */
  function screenY(aspect: number, x: number, y: number, z: number): number {
    const camera = new PerspectiveCamera(HOME_FOV, aspect, 0.05, 50);
    camera.updateProjectionMatrix();
    placeHomeCamera(camera);
    return new Vector3(x, y, z).project(camera).y;
  }

  for (const aspect of [0.8, 1, 1.6]) {
    it(`shows a bowl's rim behind its centre and its high near corner below the centre (aspect ${aspect})`, () => {
      const top = 0.9;
      const centre = screenY(aspect, 0, 0, 0);
      // The far rim of a bowl whose rim is at the top of the range: above the centre on screen.
      for (const [x, z] of [[-1, -1], [0, -1], [1, -1], [-1, 0]] as const) expect(screenY(aspect, x, top, z)).toBeGreaterThan(centre);
      // The near corner (α = 1, β = −1 in world x = 1, z = 1) at the top of the range stays below the
      // centre, so it cannot stand in front of the bowl's bottom.
      expect(screenY(aspect, 1, top, 1)).toBeLessThan(centre);
    });
  }
});
