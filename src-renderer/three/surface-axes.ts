/**
 * Axes of a 3D surface view: the base frame, tick marks along α (front
 * edge), β (right edge) and the value (vertical edge at the front-left), as
 * line segments in the scene; and their labels as world positions that the
 * 2D overlay projects and writes each frame (crisp text at any zoom).
 */
import { BufferGeometry, Float32BufferAttribute, LineBasicMaterial, LineSegments, Vector3 } from 'three';
import { niceTicks } from '../lib/axis-ticks.ts';
import { formatCoordinate, formatNumber } from '../lib/format.ts';
import { gridIndexOf, type GridField } from '../lib/grid-field.ts';
import { worldX, worldZ } from '../lib/surface-mesh.ts';
import { normalise, scaleTicks, type ZScale } from '../lib/z-scale.ts';

export interface AxisLabel {
  position: Vector3;
  text: string;
  /** Axis titles are drawn larger. */
  title: boolean;
  /** Where the text starts relative to the point (default: centred on it). */
  align?: 'center' | 'left';
}

export interface SurfaceAxes {
  lines: LineSegments;
  labels: AxisLabel[];
  dispose(): void;
}

const TICK = 0.05;

export function buildAxes(field: GridField, scale: ZScale, height: number, color: string): SurfaceAxes {
  const nx = field.xs.length;
  const ny = field.ys.length;
  const segments: number[] = [];
  const labels: AxisLabel[] = [];
  const line = (a: [number, number, number], b: [number, number, number]): void => void segments.push(...a, ...b);

  // Base frame.
  line([-1, 0, 1], [1, 0, 1]);
  line([1, 0, 1], [1, 0, -1]);
  line([1, 0, -1], [-1, 0, -1]);
  line([-1, 0, -1], [-1, 0, 1]);
  // Vertical axis at the front-left corner: from the home camera it stands
  // beside the surface, not behind it.
  line([-1, 0, 1], [-1, height, 1]);

  const xFirst = field.xs[0];
  const xLast = field.xs[nx - 1];
  for (const v of niceTicks(xFirst, xLast, 4)) {
    const x = worldX(gridIndexOf(field.xs, v), nx);
    line([x, 0, 1], [x, 0, 1 + TICK]);
    labels.push({ position: new Vector3(x, 0, 1 + 2.6 * TICK), text: formatCoordinate(v), title: false });
  }
  labels.push({ position: new Vector3(0, 0, 1 + 5.5 * TICK), text: 'α', title: true });

  if (ny > 1) {
    for (const v of niceTicks(field.ys[0], field.ys[ny - 1], 4)) {
      const z = worldZ(gridIndexOf(field.ys, v), ny);
      line([1, 0, z], [1 + TICK, 0, z]);
      labels.push({ position: new Vector3(1 + 2.8 * TICK, 0, z), text: formatCoordinate(v), title: false });
    }
    labels.push({ position: new Vector3(1 + 5.5 * TICK, 0, 0), text: 'β', title: true });
  }

  for (const v of scaleTicks(scale)) {
    const t = normalise(v, scale);
    if (!(t >= 0 && t <= 1)) continue;
    const y = t * height;
    // The bottom label would sit on α's first tick label; the axis still shows where it starts.
    if (t < 0.04) continue;
    line([-1, y, 1], [-1 - TICK, y, 1 + TICK]);
    labels.push({ position: new Vector3(-1 - 3 * TICK, y, 1 + 3 * TICK), text: formatNumber(v, 3), title: false });
  }
  const title = `${field.quantity}${scale.kind === 'log' ? ' (log)' : ''}${scale.clipMax !== null ? ` ≤ ${formatNumber(scale.clipMax, 3)}` : ''}`;
  labels.push({ position: new Vector3(-1, height + 0.14, 1), text: title, title: true, align: 'left' });

  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new Float32BufferAttribute(segments, 3));
  const material = new LineBasicMaterial({ color });
  const lines = new LineSegments(geometry, material);
  return {
    lines,
    labels,
    dispose() {
      geometry.dispose();
      material.dispose();
    },
  };
}
