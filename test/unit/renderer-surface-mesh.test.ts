import { describe, expect, it } from 'vitest';
import { srgbToLinear, viridis } from '../../src-renderer/lib/colormap.ts';
import { buildSurfaceGeometry, DEFAULT_SURFACE_HEIGHT, gridXOfWorld, gridYOfWorld, markerPositions, worldX, worldZ } from '../../src-renderer/lib/surface-mesh.ts';
import { makeZScale } from '../../src-renderer/lib/z-scale.ts';

/** A 3 × 2 grid: α ∈ {−1, 0, 1}, β ∈ {−1, 1}, values 0 … 5 in index order (y·nx + x). */
function grid(values = [0, 1, 2, 3, 4, 5], done = [1, 1, 1, 1, 1, 1]) {
  return { xs: [-1, 0, 1], ys: [-1, 1], values: Float32Array.from(values), done: Uint8Array.from(done) };
}

describe('surface mesh', () => {
  it('has one vertex per grid point laid out as Z[y][x]', () => {
    const field = grid();
    const scale = makeZScale([field], { kind: 'linear', clipMax: null });
    const { geometry } = buildSurfaceGeometry(field, scale, viridis);
    const position = geometry.getAttribute('position');
    expect(position.count).toBe(6);
    // Vertex 4 is x index 1, y index 1: α = 0 (world x 0), β = 1 (world z −1).
    expect(position.getX(4)).toBeCloseTo(0, 6);
    expect(position.getZ(4)).toBeCloseTo(-1, 6);
    expect(position.getX(2)).toBeCloseTo(1, 6);
    expect(position.getZ(2)).toBeCloseTo(1, 6);
  });

  it('puts each value at its height on the scale', () => {
    const field = grid();
    const scale = makeZScale([field], { kind: 'linear', clipMax: null });
    const { geometry, heights } = buildSurfaceGeometry(field, scale, viridis);
    const position = geometry.getAttribute('position');
    for (let i = 0; i < 6; i++) {
      expect(position.getY(i)).toBeCloseTo((i / 5) * DEFAULT_SURFACE_HEIGHT, 6);
      expect(heights[i]).toBeCloseTo((i / 5) * DEFAULT_SURFACE_HEIGHT, 6);
    }
  });

  it('colours the lowest point with the bottom of viridis and the highest with its top (linear sRGB)', () => {
    const field = grid();
    const scale = makeZScale([field], { kind: 'linear', clipMax: null });
    const color = buildSurfaceGeometry(field, scale, viridis).geometry.getAttribute('color');
    const expected = (t: number) => viridis.sample(t).map(srgbToLinear);
    for (const [i, t] of [[0, 0], [5, 1], [2, 0.4]] as const) {
      const want = expected(t);
      expect(color.getX(i)).toBeCloseTo(want[0], 5);
      expect(color.getY(i)).toBeCloseTo(want[1], 5);
      expect(color.getZ(i)).toBeCloseTo(want[2], 5);
    }
  });

  it('draws two triangles per cell when every point has a value', () => {
    const field = grid();
    const scale = makeZScale([field], { kind: 'linear', clipMax: null });
    const mesh = buildSurfaceGeometry(field, scale, viridis);
    expect(mesh.triangles).toBe(4);
    expect(mesh.geometry.getIndex()!.count).toBe(12);
    expect(mesh.missing).toEqual({ pending: [], nonFinite: [] });
  });

  it('leaves non-finite and not-yet-computed points out of the triangles and lists them, never drawing them at 0', () => {
    const field = grid([0, 1, NaN, 3, Infinity, 5], [1, 1, 1, 0, 1, 1]);
    const scale = makeZScale([field], { kind: 'linear', clipMax: null });
    const mesh = buildSurfaceGeometry(field, scale, viridis);
    expect(mesh.missing.pending).toEqual([3]);
    expect(mesh.missing.nonFinite).toEqual([2, 4]);
    expect(Number.isNaN(mesh.heights[2])).toBe(true);
    expect(Number.isNaN(mesh.heights[3])).toBe(true);
    const index = Array.from(mesh.geometry.getIndex()!.array as ArrayLike<number>);
    for (const missing of [2, 3, 4]) expect(index).not.toContain(missing);
    // Points 0, 1 and 5 remain, but no triangle has three valid corners.
    expect(mesh.triangles).toBe(0);
  });

  it('keeps the triangles that do not touch a missing point', () => {
    // 3 × 3 grid with the corner (x 2, y 2) missing: 8 triangles less the one touching it.
    const field = { xs: [-1, 0, 1], ys: [-1, 0, 1], values: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, NaN]), done: new Uint8Array(9).fill(1) };
    const scale = makeZScale([field], { kind: 'linear', clipMax: null });
    expect(buildSurfaceGeometry(field, scale, viridis).triangles).toBe(7);
  });

  it('has normals pointing up on a flat-ish surface', () => {
    const field = grid([1, 1, 1, 1, 1, 1.0001]);
    const scale = makeZScale([field], { kind: 'linear', clipMax: 1.00001 });
    const normal = buildSurfaceGeometry(field, scale, viridis).geometry.getAttribute('normal');
    expect(normal.getY(0)).toBeGreaterThan(0.5);
  });

  it('rejects values that do not match the coordinates', () => {
    const field = { ...grid(), xs: [0, 1] };
    const scale = makeZScale([field], { kind: 'linear', clipMax: null });
    expect(() => buildSurfaceGeometry(field, scale, viridis)).toThrow(/does not match 2 × 2/);
  });

  it('maps grid indices to world coordinates and back', () => {
    expect(worldX(0, 21)).toBe(-1);
    expect(worldX(20, 21)).toBe(1);
    expect(worldZ(0, 21)).toBe(1);
    expect(gridXOfWorld(worldX(7.5, 21), 21)).toBeCloseTo(7.5, 9);
    expect(gridYOfWorld(worldZ(3.25, 21), 21)).toBeCloseTo(3.25, 9);
    expect(Array.from(markerPositions([4], 3, 2, 0.5))).toEqual([0, 0.5, -1]);
  });
});
