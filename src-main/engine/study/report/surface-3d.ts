/**
 * A loss surface drawn in 3D as SVG: the height field Z[y][x] (log₁₀ of the
 * loss, on the report's shared scale) projected orthographically from a fixed
 * viewpoint, one quad per grid cell painted back to front (the painter's
 * algorithm), coloured by the cell's mean height.
 */
import { escapeXml, r2, svgOpen, type LossScale } from './svg-kit.ts';

export interface HeightField {
  xCoordinates: number[];
  yCoordinates: number[];
  /** Loss at each grid point, index y·nx + x. */
  loss: ArrayLike<number>;
}

export interface Surface3dOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** Degrees: rotation about the vertical axis, and the view's elevation above the ground. */
  azimuth?: number;
  elevation?: number;
}

interface Projected {
  x: number;
  y: number;
  depth: number;
}

export function surface3dSvg(field: HeightField, scale: LossScale, options: Surface3dOptions): string {
  const width = options.width ?? 300;
  const height = options.height ?? 230;
  const nx = field.xCoordinates.length;
  const ny = Math.max(1, field.yCoordinates.length);
  const azimuth = ((options.azimuth ?? -50) * Math.PI) / 180;
  const elevation = ((options.elevation ?? 28) * Math.PI) / 180;
  const [ca, sa, ce, se] = [Math.cos(azimuth), Math.sin(azimuth), Math.cos(elevation), Math.sin(elevation)];
  const zHeight = 1.1;

  // Ground coordinates in [−1, 1]², height in [0, zHeight]; depth grows towards the viewer.
  const project = (u: number, v: number, w: number): Projected => {
    const across = u * ca - v * sa;
    const toward = u * sa + v * ca;
    return { x: across, y: -w * ce + toward * se, depth: toward * ce + w * se };
  };
  const gu = (i: number): number => (nx === 1 ? 0 : (2 * i) / (nx - 1) - 1);
  const gv = (j: number): number => (ny === 1 ? 0 : (2 * j) / (ny - 1) - 1);
  const heightAt = (i: number, j: number): number => zHeight * scale.position(field.loss[j * nx + i]);
  const points: Projected[] = [];
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) points.push(project(gu(i), -gv(j), heightAt(i, j)));
  const floor = [project(-1, -1, 0), project(1, -1, 0), project(1, 1, 0), project(-1, 1, 0)];

  // Fit everything (surface, floor and the vertical edges) into the drawing area.
  const all = [...points, ...floor, ...floor.map((p) => ({ ...p, y: p.y - zHeight * ce }))];
  const minX = Math.min(...all.map((p) => p.x));
  const maxX = Math.max(...all.map((p) => p.x));
  const minY = Math.min(...all.map((p) => p.y));
  const maxY = Math.max(...all.map((p) => p.y));
  const top = 20;
  const k = Math.min((width - 16) / (maxX - minX), (height - top - 18) / (maxY - minY));
  const ox = (width - k * (maxX - minX)) / 2 - k * minX;
  const oy = top + (height - top - 18 - k * (maxY - minY)) / 2 - k * minY;
  const px = (p: Projected): string => `${r2(ox + k * p.x)},${r2(oy + k * p.y)}`;

  const parts: string[] = [svgOpen(width, height, `${options.title}: 3D view of the loss surface`)];
  parts.push(`<text x="6" y="12" font-weight="bold" font-size="10.5">${escapeXml(options.title)}</text>`);
  parts.push(`<polygon points="${floor.map(px).join(' ')}" fill="#f4f4f4" stroke="#bbb" stroke-width="0.6"/>`);

  const quads: Array<{ depth: number; path: string; colour: string }> = [];
  if (ny > 1) {
    for (let j = 0; j < ny - 1; j++) {
      for (let i = 0; i < nx - 1; i++) {
        const corners = [points[j * nx + i], points[j * nx + i + 1], points[(j + 1) * nx + i + 1], points[(j + 1) * nx + i]];
        const values = [field.loss[j * nx + i], field.loss[j * nx + i + 1], field.loss[(j + 1) * nx + i + 1], field.loss[(j + 1) * nx + i]];
        const mean = values.reduce((sum, v) => sum + scale.position(v), 0) / 4;
        quads.push({ depth: corners.reduce((sum, c) => sum + c.depth, 0) / 4, path: corners.map(px).join(' '), colour: scale.colourAt(mean) });
      }
    }
  }
  // Farthest first: nearer cells paint over the ones behind them.
  quads.sort((a, b) => a.depth - b.depth);
  for (const q of quads) parts.push(`<polygon points="${q.path}" fill="${q.colour}" stroke="#1d1d1d" stroke-opacity="0.28" stroke-width="0.35"/>`);
  if (ny === 1) {
    parts.push(`<polyline points="${points.map(px).join(' ')}" fill="none" stroke="${scale.colourAt(0.3)}" stroke-width="1.6"/>`);
  }
  const labelAt = (p: Projected, text: string, anchor: string): string =>
    `<text x="${r2(ox + k * p.x)}" y="${r2(oy + k * p.y + 11)}" text-anchor="${anchor}" font-style="italic" fill="#555">${escapeXml(text)}</text>`;
  parts.push(labelAt(project(0, 1.15, 0), options.xLabel, 'middle'));
  parts.push(labelAt(project(-1.2, 0, 0), options.yLabel, 'end'));
  parts.push('</svg>');
  return parts.join('');
}
