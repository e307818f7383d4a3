/**
 * The drawn objects of one surface: the coloured mesh, its grid lines (the
 * wireframe view), contour lines on it, markers for points without a value,
 * the centre marker and the PCA trajectory. Everything built here is disposed
 * here: three.js frees no GPU memory by itself.
 */
import {
  BufferAttribute,
  BufferGeometry,
  Color,
  Float32BufferAttribute,
  Group,
  Line,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  Points,
  PointsMaterial,
  SphereGeometry,
  MeshBasicMaterial,
  type Material,
  type Object3D,
} from 'three';
import type { ColorMap } from '../lib/colormap.ts';
import type { ContourLine } from '../lib/contours.ts';
import type { GridField } from '../lib/grid-field.ts';
import { buildSurfaceGeometry, DEFAULT_SURFACE_HEIGHT, markerPositions, type SurfaceMesh } from '../lib/surface-mesh.ts';
import { centrePosition, contourSegments, trajectoryPath } from '../lib/surface-overlays.ts';
import type { ZScale } from '../lib/z-scale.ts';
import type { SceneTheme } from './scene-theme.ts';
import { surfaceMaterial } from './surface-material.ts';

export interface LayerOptions {
  wireframe: boolean;
  showTrajectory: boolean;
}

/** Grid edges between neighbouring points that both have a value. */
function gridEdgeIndex(heights: Float32Array, nx: number, ny: number): Uint32Array {
  const edges: number[] = [];
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const i = y * nx + x;
      if (Number.isNaN(heights[i])) continue;
      if (x + 1 < nx && !Number.isNaN(heights[i + 1])) edges.push(i, i + 1);
      if (y + 1 < ny && !Number.isNaN(heights[i + nx])) edges.push(i, i + nx);
    }
  }
  return Uint32Array.from(edges);
}

export class SurfaceLayers {
  readonly group = new Group();
  mesh: Mesh | null = null;
  surface: SurfaceMesh | null = null;
  #contours: LineSegments | null = null;
  #owned: Array<{ dispose(): void }> = [];
  #field: GridField | null = null;
  #theme: SceneTheme;

  constructor(theme: SceneTheme) {
    this.#theme = theme;
  }

  get height(): number {
    return DEFAULT_SURFACE_HEIGHT;
  }

  /** Replaces everything with a new field drawn on `scale`. */
  build(field: GridField, scale: ZScale, colormap: ColorMap, options: LayerOptions, theme: SceneTheme): void {
    this.clear();
    this.#theme = theme;
    this.#field = field;
    const nx = field.xs.length;
    const ny = field.ys.length;
    const surface = buildSurfaceGeometry(field, scale, colormap, DEFAULT_SURFACE_HEIGHT);
    this.surface = surface;

    const { material, texture } = surfaceMaterial(colormap);
    this.#own(material);
    this.#own(texture);
    this.mesh = new Mesh(this.#own(surface.geometry), material);
    this.mesh.visible = !options.wireframe;
    this.#add(this.mesh);

    if (options.wireframe) {
      const grid = this.#own(new BufferGeometry());
      grid.setAttribute('position', surface.geometry.getAttribute('position'));
      grid.setAttribute('color', surface.geometry.getAttribute('color'));
      grid.setIndex(new BufferAttribute(gridEdgeIndex(surface.heights, nx, ny), 1));
      this.#add(new LineSegments(grid, this.#own(new LineBasicMaterial({ vertexColors: true }))));
    }

    this.#addMissingMarkers(surface, nx, ny);
    this.#addCentre(field, surface);
    if (options.showTrajectory && field.trajectory && field.trajectory.length > 0) this.#addTrajectory(field, surface);
  }

  /** Draws contour lines (fractional grid coordinates) on the current surface; null removes them. */
  setContours(lines: readonly ContourLine[] | null): void {
    if (this.#contours) {
      this.group.remove(this.#contours);
      this.#contours.geometry.dispose();
      (this.#contours.material as Material).dispose();
      this.#contours = null;
    }
    if (!lines || !this.surface || !this.#field || lines.length === 0) return;
    const positions = contourSegments(lines, this.surface.heights, this.#field.xs.length, this.#field.ys.length);
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new Float32BufferAttribute(positions, 3));
    const material = new LineBasicMaterial({ color: this.#theme.contour, transparent: true, opacity: 0.7 });
    this.#contours = new LineSegments(geometry, material);
    this.group.add(this.#contours);
  }

  clear(): void {
    this.setContours(null);
    for (const child of [...this.group.children]) this.group.remove(child);
    for (const item of this.#owned) item.dispose();
    this.#owned = [];
    this.mesh = null;
    this.surface = null;
    this.#field = null;
  }

  #own<T extends { dispose(): void }>(item: T): T {
    this.#owned.push(item);
    return item;
  }

  #add(object: Object3D): void {
    this.group.add(object);
  }

  #addMissingMarkers(surface: SurfaceMesh, nx: number, ny: number): void {
    const { pending, nonFinite } = surface.missing;
    if (pending.length + nonFinite.length === 0) return;
    const indices = [...pending, ...nonFinite];
    const geometry = this.#own(new BufferGeometry());
    geometry.setAttribute('position', new Float32BufferAttribute(markerPositions(indices, nx, ny, 0.002), 3));
    const colors = new Float32Array(indices.length * 3);
    const grey = new Color(this.#theme.pending);
    const red = new Color(this.#theme.nonFinite);
    indices.forEach((_, k) => colors.set(k < pending.length ? [grey.r, grey.g, grey.b] : [red.r, red.g, red.b], k * 3));
    geometry.setAttribute('color', new Float32BufferAttribute(colors, 3));
    this.#add(new Points(geometry, this.#own(new PointsMaterial({ size: 5, sizeAttenuation: false, vertexColors: true }))));
  }

  #addCentre(field: GridField, surface: SurfaceMesh): void {
    const centre = centrePosition(field.xs, field.ys, surface.heights);
    if (!centre) return;
    const [x, y, z] = centre;
    const sphere = new Mesh(this.#own(new SphereGeometry(0.022, 16, 12)), this.#own(new MeshBasicMaterial({ color: this.#theme.centre })));
    sphere.position.set(x, y + 0.01, z);
    this.#add(sphere);
  }

  #addTrajectory(field: GridField, surface: SurfaceMesh): void {
    const path = trajectoryPath(field.trajectory!, field.xs, field.ys, surface.heights, DEFAULT_SURFACE_HEIGHT);
    const geometry = this.#own(new BufferGeometry());
    geometry.setAttribute('position', new Float32BufferAttribute(path.positions, 3));
    // Drawn over the surface (no depth test) so a path in a valley stays visible.
    const line = new Line(geometry, this.#own(new LineBasicMaterial({ color: this.#theme.trajectory, depthTest: false })));
    line.renderOrder = 10;
    const dots = new Points(geometry, this.#own(new PointsMaterial({ color: this.#theme.trajectory, size: 7, sizeAttenuation: false, depthTest: false })));
    dots.renderOrder = 11;
    this.#add(line);
    this.#add(dots);
  }
}
