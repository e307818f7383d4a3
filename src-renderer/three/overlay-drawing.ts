/**
 * 2D drawing over the WebGL canvas: axis labels projected from world
 * positions (redrawn each frame), and a colour bar for PNG exports (on screen
 * the colour bar is an HTML element beside the view).
 */
import type { Camera, Vector3 } from 'three';
import type { ColorMap } from '../lib/colormap.ts';
import { rgbToCss } from '../lib/colormap.ts';
import { formatNumber } from '../lib/format.ts';
import { normalise, scaleTicks, type ZScale } from '../lib/z-scale.ts';
import type { SceneTheme } from './scene-theme.ts';
import type { AxisLabel } from './surface-axes.ts';

/**
 * Writes each label at the screen position of its world point; labels behind
 * the camera, and those `visible` says the surface hides, are skipped (the
 * overlay has no depth buffer of its own).
 */
export function drawLabels(
  context: CanvasRenderingContext2D,
  labels: readonly AxisLabel[],
  camera: Camera,
  width: number,
  height: number,
  theme: SceneTheme,
  visible: (position: Vector3) => boolean = () => true,
): void {
  context.textBaseline = 'middle';
  for (const label of labels) {
    context.textAlign = label.align === 'left' ? 'left' : 'center';
    const p = label.position.clone().project(camera);
    if (p.z > 1 || p.z < -1 || !visible(label.position)) continue;
    const x = ((p.x + 1) / 2) * width;
    const y = ((1 - p.y) / 2) * height;
    context.font = label.title ? `600 13px ${theme.font}` : `11px ${theme.font}`;
    context.fillStyle = theme.text;
    context.fillText(label.text, label.align === 'left' ? x - 8 : x, y);
  }
}

/** A vertical colour bar with ticks at the right edge of an exported image. */
export function drawColorBar(context: CanvasRenderingContext2D, colormap: ColorMap, scale: ZScale, title: string, width: number, height: number, theme: SceneTheme): void {
  const barWidth = 12;
  const top = 36;
  const bottom = height - 36;
  const left = width - 64;
  const gradient = context.createLinearGradient(0, bottom, 0, top);
  for (let k = 0; k <= 16; k++) gradient.addColorStop(k / 16, rgbToCss(colormap.sample(k / 16)));
  context.fillStyle = gradient;
  context.fillRect(left, top, barWidth, bottom - top);
  context.strokeStyle = theme.axis;
  context.strokeRect(left + 0.5, top + 0.5, barWidth, bottom - top);
  context.fillStyle = theme.text;
  context.font = `11px ${theme.font}`;
  context.textAlign = 'left';
  context.textBaseline = 'middle';
  for (const v of scaleTicks(scale)) {
    const t = normalise(v, scale);
    if (!(t >= 0 && t <= 1)) continue;
    context.fillText(formatNumber(v, 3), left + barWidth + 5, bottom - t * (bottom - top));
  }
  context.font = `600 13px ${theme.font}`;
  context.textAlign = 'left';
  context.fillText(title, 12, 18);
}
