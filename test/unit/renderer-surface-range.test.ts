/** The surface form's α/β range when the plane changes: the Hessian plane's eigenvectors are scaled to ‖θ‖, so its default range is a few hundredths. */
import { describe, expect, it } from 'vitest';
import { defaultSurfaceForm, HESSIAN_PLANE_RANGE, rangeForPlane } from '../../src-renderer/lib/surface-recipe.ts';

describe('the range of the plane', () => {
  it('narrows the untouched default ±1 when the Hessian plane is picked, and widens it back when another is', () => {
    const form = defaultSurfaceForm(null);
    const hessian = rangeForPlane(form, 'hessian');
    expect(hessian).toEqual({ min: -HESSIAN_PLANE_RANGE, max: HESSIAN_PLANE_RANGE, yMin: -HESSIAN_PLANE_RANGE, yMax: HESSIAN_PLANE_RANGE });
    expect(HESSIAN_PLANE_RANGE).toBeLessThan(0.1);
    expect(rangeForPlane({ ...form, ...hessian }, 'random')).toEqual({ min: -1, max: 1, yMin: -1, yMax: 1 });
    expect(rangeForPlane({ ...form, ...hessian }, 'pca')).toEqual({ min: -1, max: 1, yMin: -1, yMax: 1 });
  });

  it('keeps a range the user typed, on every plane', () => {
    const typed = { ...defaultSurfaceForm(null), min: -0.5, max: 0.25, yMin: -0.1, yMax: 0.1 };
    expect(rangeForPlane(typed, 'hessian')).toEqual({ min: -0.5, max: 0.25, yMin: -0.1, yMax: 0.1 });
    expect(rangeForPlane(typed, 'random')).toEqual({ min: -0.5, max: 0.25, yMin: -0.1, yMax: 0.1 });
    const wideHessian = { ...defaultSurfaceForm(null), min: -0.3, max: 0.3, yMin: -0.3, yMax: 0.3 };
    expect(rangeForPlane(wideHessian, 'random')).toEqual({ min: -0.3, max: 0.3, yMin: -0.3, yMax: 0.3 });
  });
});
