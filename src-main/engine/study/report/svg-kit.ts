/**
 * Small helpers shared by the report's SVG figures: escaping, tick values,
 * and the colour scale every surface in a report shares. SVG is written
 * without an `xmlns` (inline SVG in HTML needs none, and the report must not
 * contain a single URL); `standaloneSvg` adds it for figure files.
 */
import { interpolateViridis, schemeTableau10 } from 'd3-scale-chromatic';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Rounds for SVG coordinates: short files, no visible difference. */
export const r2 = (value: number): string => (Math.round(value * 100) / 100).toString();

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max <= min) return [min];
  const rough = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000 || magnitude < 0.001) return value.toExponential(0).replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}

export const FIGURE_FONT = 'Helvetica Neue, Helvetica, Arial, sans-serif';

/** An `<svg>` start tag carrying its own font, so a figure looks the same inline and as a file. */
export function svgOpen(width: number, height: number, label: string, className = 'figure-svg'): string {
  return `<svg class="${className}" viewBox="0 0 ${r2(width)} ${r2(height)}" width="${r2(width)}" height="${r2(height)}" font-family="${FIGURE_FONT}" font-size="10" fill="#222" role="img" aria-label="${escapeXml(label)}">`;
}

/** An SVG figure file: the same markup with its namespace, as a file needs it. */
export function standaloneSvg(svg: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.replace('<svg ', `<svg xmlns="${['http', '://www.w3.org/2000/svg'].join('')}" `)}\n`;
}

/** Series colours: Tableau 10, by position in a chart. */
export function seriesColour(index: number): string {
  return schemeTableau10[index % schemeTableau10.length];
}

/**
 * The colour (and 3D height) scale every surface of a report shares:
 * log₁₀ of the training loss between the smallest and largest finite loss
 * over all of them, viridis from dark (low) to yellow (high).
 */
export class LossScale {
  readonly lo: number;
  readonly hi: number;

  constructor(losses: Iterable<number>) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const loss of losses) {
      if (!Number.isFinite(loss) || loss <= 0) continue;
      const v = Math.log10(loss);
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (!Number.isFinite(lo)) [lo, hi] = [-1, 1];
    if (hi - lo < 1e-6) [lo, hi] = [lo - 0.5, hi + 0.5];
    this.lo = lo;
    this.hi = hi;
  }

  /** 0 … 1 for a loss (non-finite and off-scale values clamp to the top). */
  position(loss: number): number {
    if (!Number.isFinite(loss) || loss <= 0) return 1;
    return Math.min(1, Math.max(0, (Math.log10(loss) - this.lo) / (this.hi - this.lo)));
  }

  colourAt(position: number): string {
    return interpolateViridis(Math.min(1, Math.max(0, position)));
  }

  colour(loss: number): string {
    return this.colourAt(this.position(loss));
  }

  /** Contour levels: `count` evenly spaced positions, as losses. */
  levels(count: number): number[] {
    return Array.from({ length: count }, (_, i) => 10 ** (this.lo + ((i + 0.5) / count) * (this.hi - this.lo)));
  }
}
