/**
 * Which pixels of an image are colours of a colour map, up to shading: a
 * pixel p is on the map when p ≈ k · map(t) for some t and a shade k in
 * [kMin, 1] (each channel within `tolerance` of 255). Pixels that are grey
 * (axes, labels, their antialiasing with the background) or touch a grey
 * pixel (a surface's silhouette blends with the background) are not
 * surface pixels; pixels on a sharp colour edge (where one fold of the
 * surface passes in front of another, antialiasing mixes two map colours)
 * are surface pixels but are not judged.
 */
import type { ColorMap } from '../../../src-renderer/lib/colormap.ts';
import type { RgbaImage } from './png.ts';

/** Max − min channel below this: a grey pixel (the viridis map's chroma never falls under ~60). */
const GREY_CHROMA = 28;
/** A neighbour this much brighter or darker in a channel: the pixel lies on an edge between two folds. */
const EDGE_STEP = 40;

export interface MapCheck {
  /** Surface pixels judged (coloured, no grey neighbour). */
  surface: number;
  /** Of those, the ones that are no shade of a map colour; at most 2,000 kept as indices. */
  offMap: number;
  offMapIndices: number[];
  /** 1 per judged surface pixel that is off the map, else 0 (row-major). */
  offMask: Uint8Array;
  /** 1 per surface pixel (judged or not, i.e. any coloured pixel). */
  colouredMask: Uint8Array;
}

export function mapTable(map: ColorMap, steps = 512): Float64Array {
  const table = new Float64Array(steps * 3);
  for (let i = 0; i < steps; i++) table.set(map.sample(i / (steps - 1)).map((c) => c * 255), i * 3);
  return table;
}

/** Smallest max-channel error of p against k·m over the table and k in [kMin, 1]. */
export function distanceToMap(r: number, g: number, b: number, table: Float64Array, kMin: number): number {
  let best = Infinity;
  for (let i = 0; i < table.length; i += 3) {
    const mr = table[i];
    const mg = table[i + 1];
    const mb = table[i + 2];
    const k = Math.min(1, Math.max(kMin, (r * mr + g * mg + b * mb) / (mr * mr + mg * mg + mb * mb)));
    const e = Math.max(Math.abs(r - k * mr), Math.abs(g - k * mg), Math.abs(b - k * mb));
    if (e < best) best = e;
  }
  return best;
}

export function checkOnMap(image: RgbaImage, map: ColorMap, options: { kMin: number; tolerance: number }): MapCheck {
  const { width, height, pixels } = image;
  const table = mapTable(map);
  const coloured = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const r = pixels[i * 4];
    const g = pixels[i * 4 + 1];
    const b = pixels[i * 4 + 2];
    coloured[i] = Math.max(r, g, b) - Math.min(r, g, b) >= GREY_CHROMA ? 1 : 0;
  }
  const offMask = new Uint8Array(width * height);
  const offMapIndices: number[] = [];
  let surface = 0;
  let offMap = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if (!coloured[i]) continue;
      let inner = true;
      let edge = false;
      for (let dy = -1; dy <= 1 && inner; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const j = i + dy * width + dx;
          if (!coloured[j]) inner = false;
          for (let c = 0; c < 3; c++) if (Math.abs(pixels[j * 4 + c] - pixels[i * 4 + c]) > EDGE_STEP) edge = true;
        }
      }
      if (!inner || edge) continue;
      surface++;
      if (distanceToMap(pixels[i * 4], pixels[i * 4 + 1], pixels[i * 4 + 2], table, options.kMin) > options.tolerance) {
        offMap++;
        offMask[i] = 1;
        if (offMapIndices.length < 2000) offMapIndices.push(i);
      }
    }
  }
  return { surface, offMap, offMapIndices, offMask, colouredMask: coloured };
}

/** Pixels whose colour differs between two images of the same size by more than `tolerance` in some channel. */
export function changedMask(a: RgbaImage, b: RgbaImage, tolerance: number): Uint8Array {
  const mask = new Uint8Array(a.width * a.height);
  for (let i = 0; i < mask.length; i++) {
    for (let c = 0; c < 3; c++) if (Math.abs(a.pixels[i * 4 + c] - b.pixels[i * 4 + c]) > tolerance) mask[i] = 1;
  }
  return mask;
}

/** Pixels of `mask` whose whole (2r+1)² neighbourhood is in the mask: what is left of it once thin lines are eroded away. */
export function erodedCount(mask: Uint8Array, width: number, height: number, r: number): number {
  let count = 0;
  for (let y = r; y < height - r; y++) {
    for (let x = r; x < width - r; x++) {
      let all = true;
      for (let dy = -r; dy <= r && all; dy++) for (let dx = -r; dx <= r; dx++) if (!mask[(y + dy) * width + x + dx]) (all = false);
      if (all) count++;
    }
  }
  return count;
}
