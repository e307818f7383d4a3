/**
 * A surface grid as a three.js height field: one vertex per grid point
 * (index y·nx + x, as the contract stores Z[y][x]), heights in the position
 * attribute, a `color` attribute from the colour map, vertex normals.
 *
 * World layout (three.js is y-up): α runs along world x over [−1, 1], β along
 * world −z over [−1, 1] (so β grows away from a camera on the +z side), and
 * the value along world y over [0, `height`]. Points without a value (not yet
 * computed, or non-finite) are left out of the triangles, so they show as
 * holes; `missingPoints` lists them so a view can mark them.
 */
import { BufferAttribute, BufferGeometry } from 'three';
import { MISSING_COLOR, srgbToLinear, type ColorMap } from './colormap.ts';
import { hasValue, normalise, type ZScale } from './z-scale.ts';
import type { GridField } from './grid-field.ts';
import { colourT, fieldColour } from './field-colour.ts';

/** Default height of the top of the z range, in world units (the footprint is 2 × 2). */
export const DEFAULT_SURFACE_HEIGHT = 0.9;

export type MeshField = Pick<GridField, 'xs' | 'ys' | 'values' | 'done'> & Partial<Pick<GridField, 'quantity' | 'spread'>>;

export interface SurfaceMesh {
  geometry: BufferGeometry;
  /** World height of every grid point; NaN where the point has no value. */
  heights: Float32Array;
  /** Grid indices of points still to compute, and of computed points whose value is NaN/±∞. */
  missing: { pending: number[]; nonFinite: number[] };
  /** Number of triangles drawn. */
  triangles: number;
}

/** World x of grid column `ix` (fractional allowed). */
export function worldX(ix: number, nx: number): number {
  return nx > 1 ? -1 + (2 * ix) / (nx - 1) : 0;
}

/** World z of grid row `iy` (fractional allowed): β grows towards −z. */
export function worldZ(iy: number, ny: number): number {
  return ny > 1 ? 1 - (2 * iy) / (ny - 1) : 0;
}

/** Grid column of a world x (inverse of `worldX`). */
export function gridXOfWorld(x: number, nx: number): number {
  return nx > 1 ? ((x + 1) * (nx - 1)) / 2 : 0;
}

/** Grid row of a world z (inverse of `worldZ`). */
export function gridYOfWorld(z: number, ny: number): number {
  return ny > 1 ? ((1 - z) * (ny - 1)) / 2 : 0;
}

/** World heights of every point on `scale` (NaN where there is no value). */
export function surfaceHeights(field: MeshField, scale: ZScale, height = DEFAULT_SURFACE_HEIGHT): Float32Array {
  const n = field.values.length;
  const heights = new Float32Array(n);
  for (let i = 0; i < n; i++) heights[i] = hasValue(field, i) ? normalise(field.values[i], scale) * height : NaN;
  return heights;
}

/**
 * Builds the height-field geometry. `mapT` is each value's place on the colour
 * map (0…1): the height's, or for a field with a spread the spread's
 * (field-colour.ts). Colours (for the wireframe's lines) are written in linear-sRGB, the
 * working colour space three.js expects of vertex colours (it converts to
 * sRGB on output, so the screen shows the colour map's own sRGB colours).
 */
export function buildSurfaceGeometry(field: MeshField, scale: ZScale, colormap: ColorMap, height = DEFAULT_SURFACE_HEIGHT): SurfaceMesh {
  const nx = field.xs.length;
  const ny = field.ys.length;
  const n = nx * ny;
  if (field.values.length !== n || field.done.length !== n) {
    throw new Error(`Grid of ${field.values.length} values and ${field.done.length} flags does not match ${nx} × ${ny} coordinates.`);
  }
  const heights = surfaceHeights(field, scale, height);
  const colour = fieldColour({ quantity: '', ...field }, scale);
  const positions = new Float32Array(n * 3);
  const colors = new Float32Array(n * 3);
  // Where each value sits on the colour map (the surface's material looks its colour up per pixel).
  const mapT = new Float32Array(n);
  const pending: number[] = [];
  const nonFinite: number[] = [];
  const missingLinear = MISSING_COLOR.map(srgbToLinear);

  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const i = iy * nx + ix;
      const h = heights[i];
      const valid = !Number.isNaN(h);
      positions[i * 3] = worldX(ix, nx);
      positions[i * 3 + 1] = valid ? h : 0;
      positions[i * 3 + 2] = worldZ(iy, ny);
      mapT[i] = valid ? colourT(colour, i) : 0;
      const rgb = valid ? colormap.sample(mapT[i]).map(srgbToLinear) : missingLinear;
      colors.set(rgb, i * 3);
      if (!valid) (field.done[i] === 0 ? pending : nonFinite).push(i);
    }
  }

  // Two triangles per cell; a triangle is drawn only if its three corners have
  // values, so a missing point cuts a hole instead of pulling the mesh to 0.
  const IndexArray = n > 65535 ? Uint32Array : Uint16Array;
  const index = new IndexArray(Math.max(0, (nx - 1) * (ny - 1) * 6));
  let k = 0;
  const ok = (i: number): boolean => !Number.isNaN(heights[i]);
  for (let iy = 0; iy < ny - 1; iy++) {
    for (let ix = 0; ix < nx - 1; ix++) {
      const a = iy * nx + ix;
      const b = a + 1;
      const c = a + nx;
      const d = c + 1;
      // Winding chosen so the normals point up (+y) with β growing towards −z.
      if (ok(a) && ok(b) && ok(c)) {
        index[k++] = a;
        index[k++] = b;
        index[k++] = c;
      }
      if (ok(b) && ok(d) && ok(c)) {
        index[k++] = b;
        index[k++] = d;
        index[k++] = c;
      }
    }
  }

  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(positions, 3));
  geometry.setAttribute('color', new BufferAttribute(colors, 3));
  geometry.setAttribute('mapT', new BufferAttribute(mapT, 1));
  geometry.setIndex(new BufferAttribute(index.subarray(0, k), 1));
  geometry.computeVertexNormals();
  geometry.computeBoundingSphere();
  return { geometry, heights, missing: { pending, nonFinite }, triangles: k / 3 };
}

/** Positions (x, y, z per point) of the given grid points at world height `y`, for marker points. */
export function markerPositions(indices: readonly number[], nx: number, ny: number, y = 0): Float32Array {
  const positions = new Float32Array(indices.length * 3);
  indices.forEach((i, k) => {
    positions[k * 3] = worldX(i % nx, nx);
    positions[k * 3 + 1] = y;
    positions[k * 3 + 2] = worldZ(Math.floor(i / nx), ny);
  });
  return positions;
}
