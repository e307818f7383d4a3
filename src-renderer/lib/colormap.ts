/**
 * Perceptual colour maps as lookup tables: viridis for losses and accuracies
 * (perceptually uniform, readable in greyscale and by colour-blind readers),
 * and a diverging red–blue map for difference surfaces (0 = white).
 */
import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

/** An sRGB colour, each channel in [0, 1]. */
export type Rgb = [number, number, number];

export interface ColorMap {
  readonly name: 'viridis' | 'difference';
  /** Colour at t ∈ [0, 1] (clamped); sRGB channels in [0, 1]. */
  sample(t: number): Rgb;
  /** A CSS linear-gradient() for a colour bar, from t = 0 at the bottom to t = 1 at the top. */
  cssGradient(direction?: 'to top' | 'to right'): string;
}

/** Grey for points that have no value to colour (not computed, or non-finite). */
export const MISSING_COLOR: Rgb = [0.55, 0.55, 0.55];

const LUT_SIZE = 256;

/** Parses "#rrggbb" or "rgb(r, g, b)" into channels in [0, 1]. */
export function parseCssColor(text: string): Rgb {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text.trim());
  if (hex) return [parseInt(hex[1], 16) / 255, parseInt(hex[2], 16) / 255, parseInt(hex[3], 16) / 255];
  const rgb = /^rgb\(\s*(\d+),\s*(\d+),\s*(\d+)\s*\)$/i.exec(text.trim());
  if (rgb) return [Number(rgb[1]) / 255, Number(rgb[2]) / 255, Number(rgb[3]) / 255];
  throw new Error(`Unrecognised colour "${text}".`);
}

export function rgbToCss([r, g, b]: Rgb): string {
  const byte = (v: number): number => Math.round(Math.min(1, Math.max(0, v)) * 255);
  return `rgb(${byte(r)}, ${byte(g)}, ${byte(b)})`;
}

/** sRGB → linear-sRGB, the working colour space three.js expects in vertex colours. */
export function srgbToLinear(channel: number): number {
  return channel <= 0.04045 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
}

function lookupTable(interpolate: (t: number) => string): Float32Array {
  const table = new Float32Array(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const [r, g, b] = parseCssColor(interpolate(i / (LUT_SIZE - 1)));
    table.set([r, g, b], i * 3);
  }
  return table;
}

function fromTable(name: ColorMap['name'], table: Float32Array): ColorMap {
  const sample = (t: number): Rgb => {
    const clamped = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
    // Linear interpolation between table entries keeps gradients smooth on fine meshes.
    const position = clamped * (LUT_SIZE - 1);
    const i = Math.min(LUT_SIZE - 2, Math.floor(position));
    const f = position - i;
    const a = i * 3;
    const b = a + 3;
    return [
      table[a] + (table[b] - table[a]) * f,
      table[a + 1] + (table[b + 1] - table[a + 1]) * f,
      table[a + 2] + (table[b + 2] - table[a + 2]) * f,
    ];
  };
  return {
    name,
    sample,
    cssGradient(direction = 'to top') {
      const stops: string[] = [];
      for (let k = 0; k <= 10; k++) stops.push(`${rgbToCss(sample(k / 10))} ${k * 10}%`);
      return `linear-gradient(${direction}, ${stops.join(', ')})`;
    },
  };
}

export const viridis: ColorMap = fromTable('viridis', lookupTable(interpolateViridis));

/** Diverging map for a − b: blue below 0, white at 0 (t = 0.5), red above. */
export const differenceMap: ColorMap = fromTable(
  'difference',
  lookupTable((t) => interpolateRdBu(1 - t)),
);
