/**
 * An evolution as an animated GIF (gifenc): each frame is the training loss
 * surface as a viridis heat map on ONE colour scale shared by every frame (the
 * lowest and highest finite loss over all frames), so a colour means the same
 * loss throughout. Beside the map, a colour bar of that scale (low at the
 * bottom); below it, a bar that fills from left to right as the frames
 * advance through training. Rows are drawn with y increasing upwards, x to the
 * right, as in the app's contour view; grey marks a point without a finite
 * value. The palette is fixed (no quantisation): 250 viridis levels, then
 * grey, white, and the two greys of the progress bar. Loops forever.
 */
import { interpolateViridis } from 'd3-scale-chromatic';
import * as gifenc from 'gifenc';
import type { Encoder, Palette } from 'gifenc';
import type { SurfaceData } from '../../contract.ts';
import { ExportError } from './export-grid.ts';

export const GIF_LEVELS = 250;
export const GIF_MISSING = 250;
export const GIF_BACKGROUND = 251;
const BAR_FILL = 252;
const BAR_TRACK = 253;

export interface GifLayout {
  width: number;
  height: number;
  /** Pixels per grid point. */
  cell: number;
  /** Top-left corner of the heat map. */
  mapLeft: number;
  mapTop: number;
}

export interface EvolutionGif {
  bytes: Uint8Array;
  /** The shared colour scale: palette index 0 is `min`, GIF_LEVELS − 1 is `max` (training loss). */
  scale: { min: number; max: number };
  layout: GifLayout;
  frameDelayMs: number;
}

/** gifenc ships CommonJS (Node's import sees its exports as `default`) and an ESM build (a bundler's import sees named exports). */
function newEncoder(): Encoder {
  const commonJs = gifenc.default as { GIFEncoder?: typeof gifenc.GIFEncoder } | undefined;
  const create = gifenc.GIFEncoder ?? commonJs?.GIFEncoder;
  if (!create) throw new Error('gifenc: no GIFEncoder export.');
  return create();
}

function hexRgb(css: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  const rgb = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/i.exec(css);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`Unrecognised colour "${css}".`);
}

/** The fixed palette: viridis levels, then missing grey, background, progress fill and track. */
export function evolutionPalette(): Palette {
  const palette: Palette = Array.from({ length: GIF_LEVELS }, (_, i) => hexRgb(interpolateViridis(i / (GIF_LEVELS - 1))));
  palette.push([140, 140, 140], [255, 255, 255], [60, 60, 60], [215, 215, 215]);
  while (palette.length < 256) palette.push([0, 0, 0]);
  return palette;
}

/** Lowest and highest finite computed training loss over all frames. */
export function sharedScale(surfaces: SurfaceData[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const surface of surfaces) {
    surface.values.trainLoss.forEach((v, i) => {
      if (surface.done[i] === 0 || !Number.isFinite(v)) return;
      if (v < min) min = v;
      if (v > max) max = v;
    });
  }
  if (min > max) throw new ExportError('Evolution GIF: no frame has a computed, finite loss to draw.');
  return { min, max };
}

/** Palette index of a loss on the shared scale. */
export function levelOf(value: number, scale: { min: number; max: number }): number {
  if (!Number.isFinite(value)) return GIF_MISSING;
  const span = scale.max - scale.min;
  const t = span > 0 ? (value - scale.min) / span : 0.5;
  return Math.round(Math.min(1, Math.max(0, t)) * (GIF_LEVELS - 1));
}

export function gifLayout(nx: number, ny: number, target = 240): GifLayout {
  const cell = Math.max(1, Math.floor(target / Math.max(nx, ny)));
  const mapLeft = 4;
  const mapTop = 4;
  return { cell, mapLeft, mapTop, width: mapLeft + nx * cell + 6 + 10 + 4, height: mapTop + ny * cell + 4 + 4 + 4 };
}

function drawFrame(surface: SurfaceData, layout: GifLayout, scale: { min: number; max: number }, progress: number): Uint8Array {
  const { width, height, cell, mapLeft, mapTop } = layout;
  const nx = surface.xCoordinates.length;
  const ny = Math.max(1, surface.yCoordinates.length);
  const pixels = new Uint8Array(width * height).fill(GIF_BACKGROUND);
  const fill = (x0: number, y0: number, w: number, h: number, index: number): void => {
    for (let y = y0; y < y0 + h; y++) pixels.fill(index, y * width + x0, y * width + x0 + w);
  };
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const i = iy * nx + ix;
      const level = surface.done[i] === 0 ? GIF_MISSING : levelOf(surface.values.trainLoss[i], scale);
      fill(mapLeft + ix * cell, mapTop + (ny - 1 - iy) * cell, cell, cell, level);
    }
  }
  const mapHeight = ny * cell;
  const barLeft = mapLeft + nx * cell + 6;
  for (let row = 0; row < mapHeight; row++) {
    const t = mapHeight > 1 ? 1 - row / (mapHeight - 1) : 0.5;
    fill(barLeft, mapTop + row, 10, 1, Math.round(t * (GIF_LEVELS - 1)));
  }
  const trackTop = mapTop + mapHeight + 4;
  const trackWidth = nx * cell;
  fill(mapLeft, trackTop, trackWidth, 4, BAR_TRACK);
  fill(mapLeft, trackTop, Math.max(1, Math.round(trackWidth * progress)), 4, BAR_FILL);
  return pixels;
}

/**
 * Encodes the frames (in order) as an animated GIF on one shared colour scale.
 * @throws ExportError when the frames' grids differ.
 */
export function encodeEvolutionGif(surfaces: SurfaceData[], frameDelayMs = 600): EvolutionGif {
  if (surfaces.length === 0) throw new ExportError('Evolution GIF: no frames.');
  const nx = surfaces[0].xCoordinates.length;
  const ny = Math.max(1, surfaces[0].yCoordinates.length);
  for (const s of surfaces) {
    if (s.xCoordinates.length !== nx || Math.max(1, s.yCoordinates.length) !== ny) {
      throw new ExportError(`Evolution GIF: frame "${s.id}" is ${s.xCoordinates.length}×${s.yCoordinates.length}, the first ${nx}×${ny}.`);
    }
  }
  const scale = sharedScale(surfaces);
  const layout = gifLayout(nx, ny);
  const encoder = newEncoder();
  const palette = evolutionPalette();
  surfaces.forEach((surface, i) => {
    const pixels = drawFrame(surface, layout, scale, (i + 1) / surfaces.length);
    // The last frame stays up longer, so the loop's restart reads as a restart.
    const delay = i === surfaces.length - 1 ? frameDelayMs * 3 : frameDelayMs;
    encoder.writeFrame(pixels, layout.width, layout.height, i === 0 ? { palette, delay, repeat: 0 } : { delay });
  });
  encoder.finish();
  return { bytes: encoder.bytes(), scale, layout, frameDelayMs };
}
