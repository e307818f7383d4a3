/**
 * One 3D surface view: a WebGL canvas with orbit/pan/zoom, a 2D overlay for
 * axis labels, hover picking, on-demand rendering (a frame only when
 * something changed) and PNG export at a multiple of the on-screen size.
 * `preserveDrawingBuffer` keeps the last frame readable for exports and
 * screenshots.
 */
import { Color, Mesh, MeshBasicMaterial, PerspectiveCamera, Raycaster, Scene, SphereGeometry, Vector2, WebGLRenderer, type Vector3 } from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { ColorMap } from '../lib/colormap.ts';
import type { ContourLine } from '../lib/contours.ts';
import type { GridField } from '../lib/grid-field.ts';
import { gridXOfWorld, gridYOfWorld, worldX, worldZ } from '../lib/surface-mesh.ts';
import { readoutAt, type Readout } from '../lib/surface-readout.ts';
import type { ZScale } from '../lib/z-scale.ts';
import { fieldColour } from '../lib/field-colour.ts';
import type { CameraState, LinkMember } from './camera-link.ts';
import { DEFAULT_FIT_POINTS, fitPointsFor, HOME_FOV, placeHomeCamera } from './home-camera.ts';
import { drawColorBar, drawLabels } from './overlay-drawing.ts';
import type { SceneTheme } from './scene-theme.ts';
import { buildAxes, type SurfaceAxes } from './surface-axes.ts';
import { hiddenBySurface } from './label-occlusion.ts';
import { SurfaceLayers, type LayerOptions } from './surface-layers.ts';

/** Width (CSS px) added to the right of an exported image for its colour bar. */
const COLOR_BAR_SPACE = 72;

export interface SceneCallbacks {
  onHover?: (readout: Readout | null, clientX: number, clientY: number) => void;
  /** The user moved the camera (for linked views). */
  onCameraMoved?: () => void;
}

export class SurfaceScene implements LinkMember {
  readonly canvas: HTMLCanvasElement;
  readonly overlay: HTMLCanvasElement;
  #renderer: WebGLRenderer;
  #scene = new Scene();
  #camera = new PerspectiveCamera(HOME_FOV, 1, 0.05, 50);
  #controls: OrbitControls;
  #layers: SurfaceLayers;
  #axes: SurfaceAxes | null = null;
  #hoverMarker: Mesh;
  #raycaster = new Raycaster();
  #field: GridField | null = null;
  #scale: ZScale | null = null;
  #colormap: ColorMap | null = null;
  #theme: SceneTheme;
  #frame = 0;
  #width = 1;
  #height = 1;
  #resize: ResizeObserver;
  #callbacks: SceneCallbacks;
  #pointer: { x: number; y: number } | null = null;
  #hoverFrame = 0;
  /** The camera was moved by hand: resizing then keeps it where it is (otherwise the home view is refitted). */
  #cameraTouched = false;

  /** Throws when WebGL is unavailable; the caller shows a message instead. */
  constructor(host: HTMLElement, theme: SceneTheme, callbacks: SceneCallbacks = {}) {
    this.#theme = theme;
    this.#callbacks = callbacks;
    this.#renderer = new WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    this.#renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    this.canvas = this.#renderer.domElement;
    this.canvas.className = 'surface-webgl';
    this.overlay = document.createElement('canvas');
    this.overlay.className = 'surface-overlay';
    this.overlay.setAttribute('aria-hidden', 'true');
    host.append(this.canvas, this.overlay);

    this.#scene.background = new Color(theme.background);
    // No lights: the surface's material shades itself from the camera (surface-material.ts).
    this.#layers = new SurfaceLayers(theme);
    this.#scene.add(this.#layers.group);
    this.#hoverMarker = new Mesh(new SphereGeometry(0.018, 12, 8), new MeshBasicMaterial({ color: 0xffffff, depthTest: false }));
    this.#hoverMarker.renderOrder = 20;
    this.#hoverMarker.visible = false;
    this.#scene.add(this.#hoverMarker);

    this.#controls = new OrbitControls(this.#camera, this.canvas);
    this.#controls.minDistance = 0.6;
    this.#controls.maxDistance = 14;
    this.#controls.addEventListener('start', () => (this.#cameraTouched = true));
    this.#controls.addEventListener('change', () => {
      this.requestRender();
      if (this.#cameraTouched) this.#callbacks.onCameraMoved?.();
    });

    this.canvas.addEventListener('pointermove', this.#onPointerMove);
    this.canvas.addEventListener('pointerleave', this.#onPointerLeave);
    this.#resize = new ResizeObserver(() => this.#fitToHost(host));
    this.#resize.observe(host);
    this.#fitToHost(host);
  }

  get drawn(): boolean {
    return this.#layers.mesh !== null;
  }

  setField(field: GridField, scale: ZScale, colormap: ColorMap, options: LayerOptions): void {
    const refit = !this.#cameraTouched && this.#axes === null;
    this.#field = field;
    this.#scale = scale;
    this.#colormap = colormap;
    this.#layers.build(field, scale, colormap, options, this.#theme);
    this.#axes?.dispose();
    if (this.#axes) this.#scene.remove(this.#axes.lines);
    this.#axes = buildAxes(field, scale, this.#layers.height, this.#theme.axis);
    this.#scene.add(this.#axes.lines);
    this.#hoverMarker.visible = false;
    // The first surface frames the home view; later redraws (log scale, clip) keep the camera.
    if (refit) this.#placeHomeCamera();
    this.requestRender();
  }

  /** What the home view must fit: the surface's bounding box and its labels. */
  #fitPoints(): Vector3[] {
    const heights = this.#layers.surface?.heights;
    if (!heights || !this.#axes) return DEFAULT_FIT_POINTS;
    let top = 0;
    for (const h of heights) if (h > top) top = h;
    return fitPointsFor(top, this.#axes.labels.map((l) => l.position));
  }

  /** Whether each axis label is in view and not hidden behind the surface (labels are depth-tested). */
  labelVisibility(): Array<{ text: string; visible: boolean }> {
    return (this.#axes?.labels ?? []).map((label) => ({ text: label.text, visible: this.#labelVisible(label.position) }));
  }

  #labelVisible = (position: Vector3): boolean => !hiddenBySurface(this.#raycaster, this.#camera.position, this.#layers.mesh, position);

  setContours(lines: readonly ContourLine[] | null): void {
    this.#layers.setContours(lines);
    this.requestRender();
  }

  setTheme(theme: SceneTheme): void {
    this.#theme = theme;
    this.#scene.background = new Color(theme.background);
    this.requestRender();
  }

  /** Back to the home view, framed for the view's current shape; linked views follow. */
  resetCamera(): void {
    this.#placeHomeCamera();
    this.#cameraTouched = false;
    this.#callbacks.onCameraMoved?.();
  }

  #placeHomeCamera(): void {
    const target = placeHomeCamera(this.#camera, this.#fitPoints());
    this.#controls.target.copy(target);
    this.#camera.zoom = 1;
    this.#camera.updateProjectionMatrix();
    this.#controls.update();
  }

  cameraState(): CameraState {
    return { position: this.#camera.position.clone(), target: this.#controls.target.clone(), zoom: this.#camera.zoom };
  }

  applyCameraState(state: CameraState): void {
    this.#camera.position.copy(state.position);
    this.#controls.target.copy(state.target);
    this.#camera.zoom = state.zoom;
    this.#camera.updateProjectionMatrix();
    this.#controls.update();
  }

  requestRender(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.render();
    });
  }

  render(): void {
    this.#renderer.render(this.#scene, this.#camera);
    const context = this.overlay.getContext('2d');
    if (!context) return;
    const ratio = this.overlay.width / this.#width;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, this.#width, this.#height);
    if (this.#axes) drawLabels(context, this.#axes.labels, this.#camera, this.#width, this.#height, this.#theme, this.#labelVisible);
  }

  /** CSS size of the view. */
  get size(): { width: number; height: number } {
    return { width: this.#width, height: this.#height };
  }

  /** PNG bytes of the view at `scale` × its CSS size, labels and a colour bar included. */
  async exportPng(scale: number): Promise<Uint8Array<ArrayBuffer>> {
    const previous = this.#renderer.getPixelRatio();
    const width = this.#width;
    const height = this.#height;
    this.#renderer.setPixelRatio(scale);
    this.#renderer.setSize(width, height, false);
    this.#renderer.render(this.#scene, this.#camera);
    // The image is the view plus a strip on the right for the colour bar.
    const barSpace = this.#scale && this.#colormap ? COLOR_BAR_SPACE : 0;
    const out = document.createElement('canvas');
    out.width = Math.round((width + barSpace) * scale);
    out.height = Math.round(height * scale);
    const context = out.getContext('2d');
    if (!context) throw new Error('The browser refused a 2D canvas for the export.');
    context.fillStyle = this.#theme.background;
    context.fillRect(0, 0, out.width, out.height);
    context.drawImage(this.canvas, 0, 0, Math.round(width * scale), out.height);
    context.setTransform(scale, 0, 0, scale, 0, 0);
    if (this.#axes) drawLabels(context, this.#axes.labels, this.#camera, width, height, this.#theme, this.#labelVisible);
    if (this.#scale && this.#colormap && this.#field) {
      // A mean of several planes is coloured by its spread: the bar is the spread's (field-colour.ts).
      const colour = fieldColour(this.#field, this.#scale);
      drawColorBar(context, this.#colormap, colour.scale, this.#field.spread ? colour.quantity : this.#field.label, width + barSpace, height, this.#theme);
    }
    this.#renderer.setPixelRatio(previous);
    this.#renderer.setSize(width, height, false);
    this.render();
    const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('The browser could not encode the PNG.');
    return new Uint8Array(await blob.arrayBuffer());
  }

  dispose(): void {
    cancelAnimationFrame(this.#frame);
    cancelAnimationFrame(this.#hoverFrame);
    this.#resize.disconnect();
    this.canvas.removeEventListener('pointermove', this.#onPointerMove);
    this.canvas.removeEventListener('pointerleave', this.#onPointerLeave);
    this.#controls.dispose();
    this.#layers.clear();
    this.#axes?.dispose();
    this.#hoverMarker.geometry.dispose();
    (this.#hoverMarker.material as MeshBasicMaterial).dispose();
    this.#renderer.dispose();
    // Browsers cap live WebGL contexts (about 16); free this one now, not at GC.
    this.#renderer.forceContextLoss();
    this.canvas.remove();
    this.overlay.remove();
  }

  #fitToHost(host: HTMLElement): void {
    const width = Math.max(1, host.clientWidth);
    const height = Math.max(1, host.clientHeight);
    this.#width = width;
    this.#height = height;
    this.#renderer.setSize(width, height, false);
    const ratio = this.#renderer.getPixelRatio();
    this.overlay.width = Math.round(width * ratio);
    this.overlay.height = Math.round(height * ratio);
    this.#camera.aspect = width / height;
    this.#camera.updateProjectionMatrix();
    if (!this.#cameraTouched) this.#placeHomeCamera();
    this.render();
  }

  #onPointerMove = (event: PointerEvent): void => {
    this.#pointer = { x: event.clientX, y: event.clientY };
    if (this.#hoverFrame) return;
    // Picking once per frame keeps fast mouse moves from queueing raycasts.
    this.#hoverFrame = requestAnimationFrame(() => {
      this.#hoverFrame = 0;
      this.#pick();
    });
  };

  #onPointerLeave = (): void => {
    this.#pointer = null;
    this.#hoverMarker.visible = false;
    this.requestRender();
    this.#callbacks.onHover?.(null, 0, 0);
  };

  #pick(): void {
    const mesh = this.#layers.mesh;
    const field = this.#field;
    const pointer = this.#pointer;
    if (!mesh || !field || !pointer) return;
    const rect = this.canvas.getBoundingClientRect();
    const ndc = new Vector2(((pointer.x - rect.left) / rect.width) * 2 - 1, -((pointer.y - rect.top) / rect.height) * 2 + 1);
    this.#raycaster.setFromCamera(ndc, this.#camera);
    const hit = this.#raycaster.intersectObject(mesh, false)[0];
    const nx = field.xs.length;
    const ny = field.ys.length;
    const readout = hit ? readoutAt(field, gridXOfWorld(hit.point.x, nx), gridYOfWorld(hit.point.z, ny)) : null;
    if (readout) {
      const ix = readout.index % nx;
      const iy = Math.floor(readout.index / nx);
      const h = this.#layers.surface?.heights[readout.index] ?? 0;
      this.#hoverMarker.position.set(worldX(ix, nx), Number.isNaN(h) ? 0 : h, worldZ(iy, ny));
    }
    this.#hoverMarker.visible = readout !== null;
    this.requestRender();
    this.#callbacks.onHover?.(readout, pointer.x, pointer.y);
  }
}
