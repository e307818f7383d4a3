/**
 * A loss surface as a filled contour map (d3-contour's marching squares on
 * the report's shared log-loss scale), with the trained model, the grid's
 * minimum and, for a PCA plane, the training trajectory marked on it.
 */
import { contours } from 'd3-contour';
import { escapeXml, formatTick, niceTicks, r2, svgOpen, type LossScale } from './svg-kit.ts';
import type { HeightField } from './surface-3d.ts';

export interface ContourOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Unique within the document (the clip path's id). */
  id: string;
  /** Where the trained model sits, in plane coordinates. */
  centre?: { x: number; y: number };
  minimum?: { x: number; y: number };
  trajectory?: Array<{ x: number; y: number; epoch: number }>;
  levels?: number;
  size?: number;
}

export function contourMapSvg(field: HeightField, scale: LossScale, options: ContourOptions): string {
  const nx = field.xCoordinates.length;
  const ny = field.yCoordinates.length;
  const size = options.size ?? 210;
  const margin = { left: 38, right: 8, top: 20, bottom: 30 };
  const plot = size - margin.left - margin.right;
  const width = size;
  const height = margin.top + plot + margin.bottom;
  const parts: string[] = [svgOpen(width, height, `${options.title}: contour map of the loss surface`)];
  parts.push(`<text x="6" y="12" font-weight="bold" font-size="10.5">${escapeXml(options.title)}</text>`);
  if (nx < 2 || ny < 2) {
    parts.push(`<text x="${width / 2}" y="${height / 2}" text-anchor="middle">(a line has no contour map)</text></svg>`);
    return parts.join('');
  }
  const [x0, x1] = [field.xCoordinates[0], field.xCoordinates[nx - 1]];
  const [y0, y1] = [field.yCoordinates[0], field.yCoordinates[ny - 1]];
  const sx = (x: number): number => margin.left + ((x - x0) / (x1 - x0)) * plot;
  const sy = (y: number): number => margin.top + plot - ((y - y0) / (y1 - y0)) * plot;
  // d3-contour puts value i at i + ½ of its grid units: map that onto the i-th coordinate.
  const gx = (u: number): number => margin.left + ((u - 0.5) / (nx - 1)) * plot;
  const gy = (v: number): number => margin.top + plot - ((v - 0.5) / (ny - 1)) * plot;

  const levels = options.levels ?? 14;
  const values = Array.from({ length: nx * ny }, (_, i) => scale.position(field.loss[i]));
  const thresholds = Array.from({ length: levels }, (_, k) => k / levels);
  const bands = contours().size([nx, ny]).thresholds(thresholds)(values);
  parts.push(`<defs><clipPath id="${options.id}"><rect x="${margin.left}" y="${margin.top}" width="${plot}" height="${plot}"/></clipPath></defs>`);
  parts.push(`<g clip-path="url(#${options.id})">`);
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plot}" height="${plot}" fill="${scale.colourAt(0.5 / levels)}"/>`);
  bands.forEach((band, k) => {
    if (band.coordinates.length === 0) return;
    const d = band.coordinates
      .flatMap((polygon) => polygon.map((ring) => `M${ring.map(([u, v]) => `${r2(gx(u))},${r2(gy(v))}`).join('L')}Z`))
      .join('');
    parts.push(`<path d="${d}" fill="${scale.colourAt((k + 0.5) / levels)}" stroke="#000" stroke-opacity="0.22" stroke-width="0.4"/>`);
  });
  if (options.trajectory?.length) {
    const line = options.trajectory.map((p) => `${r2(sx(p.x))},${r2(sy(p.y))}`).join(' ');
    parts.push(`<polyline points="${line}" fill="none" stroke="#fff" stroke-width="1.3"/>`);
    for (const p of options.trajectory) parts.push(`<circle cx="${r2(sx(p.x))}" cy="${r2(sy(p.y))}" r="1.8" fill="#fff" stroke="#000" stroke-width="0.5"/>`);
  }
  parts.push('</g>');
  if (options.minimum) {
    const [mx, my] = [sx(options.minimum.x), sy(options.minimum.y)];
    parts.push(`<path d="M${r2(mx - 3.5)},${r2(my - 3.5)}L${r2(mx + 3.5)},${r2(my + 3.5)}M${r2(mx - 3.5)},${r2(my + 3.5)}L${r2(mx + 3.5)},${r2(my - 3.5)}" stroke="#d62728" stroke-width="1.6"/>`);
  }
  if (options.centre) {
    parts.push(`<circle cx="${r2(sx(options.centre.x))}" cy="${r2(sy(options.centre.y))}" r="3.2" fill="#fff" stroke="#000" stroke-width="1"/>`);
  }
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plot}" height="${plot}" fill="none" stroke="#444" stroke-width="0.8"/>`);
  for (const t of niceTicks(x0, x1, 4)) {
    parts.push(`<line x1="${r2(sx(t))}" x2="${r2(sx(t))}" y1="${margin.top + plot}" y2="${margin.top + plot + 3}" stroke="#444"/>`);
    parts.push(`<text x="${r2(sx(t))}" y="${margin.top + plot + 12}" text-anchor="middle">${escapeXml(formatTick(t))}</text>`);
  }
  for (const t of niceTicks(y0, y1, 4)) {
    parts.push(`<line x1="${margin.left - 3}" x2="${margin.left}" y1="${r2(sy(t))}" y2="${r2(sy(t))}" stroke="#444"/>`);
    parts.push(`<text x="${margin.left - 5}" y="${r2(sy(t) + 3)}" text-anchor="end">${escapeXml(formatTick(t))}</text>`);
  }
  parts.push(`<text x="${r2(margin.left + plot / 2)}" y="${height - 4}" text-anchor="middle" font-style="italic">${escapeXml(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(9 ${r2(margin.top + plot / 2)}) rotate(-90)" text-anchor="middle" font-style="italic">${escapeXml(options.yLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
