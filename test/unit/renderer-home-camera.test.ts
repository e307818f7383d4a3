import { PerspectiveCamera } from 'three';
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
