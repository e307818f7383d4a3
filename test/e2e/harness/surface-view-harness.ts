/**
 * A page that draws known fields with the app's own 3D view (SurfaceScene),
 * for the Chromium tests of what the view shows: bundled by esbuild and
 * loaded into a blank page by surface-view.e2e.test.ts. Exposes
 * `window.__surfaceHarness`. Browser code: typechecked with the renderer.
 */
import { Vector3 } from 'three';
import { viridis } from '../../../src-renderer/lib/colormap.ts';
import { contourInputFor, extractContours } from '../../../src-renderer/lib/contours.ts';
import type { GridField } from '../../../src-renderer/lib/grid-field.ts';
import { makeZScale } from '../../../src-renderer/lib/z-scale.ts';
import type { SceneTheme } from '../../../src-renderer/three/scene-theme.ts';
import { SurfaceScene } from '../../../src-renderer/three/surface-scene.ts';

export type HarnessShape = 'paraboloid' | 'saddle' | 'steep-corner';

export interface HarnessOptions {
  shape: HarnessShape;
  width: number;
  height: number;
  contours: boolean;
  trajectory: boolean;
  /** Orbit: degrees around the vertical axis from the home view, and the elevation; null = home view. */
  orbit: { azimuth: number; elevation: number } | null;
}

const THEME: SceneTheme = {
  background: '#ffffff',
  axis: '#8a8f98',
  text: '#3c4043',
  contour: '#ffffff',
  centre: '#e8453c',
  trajectory: '#ff8c1a',
  pending: '#9aa0a6',
  nonFinite: '#d62728',
  font: 'sans-serif',
};

const N = 31;

function field(shape: HarnessShape, trajectory: boolean): GridField {
  const xs = Array.from({ length: N }, (_, i) => -1 + (2 * i) / (N - 1));
  const values = new Float32Array(N * N);
  for (let iy = 0; iy < N; iy++) {
    for (let ix = 0; ix < N; ix++) {
      const a = xs[ix];
      const b = xs[iy];
      values[iy * N + ix] =
        shape === 'paraboloid' ? 0.2 + 2 * (a * a + b * b) : shape === 'saddle' ? 2 + a * a - b * b : 0.2 + a * a + b * b + 3 * Math.max(0, a - 0.5) * Math.max(0, -b - 0.5) * 8;
    }
  }
  return {
    id: shape,
    label: shape,
    runId: 'run',
    quantity: 'train loss',
    kind: 'loss',
    xs,
    ys: xs,
    values,
    done: new Uint8Array(N * N).fill(1),
    readouts: [],
    trajectory: trajectory ? [0, 1, 2, 3, 4].map((epoch) => ({ epoch, x: 0.8 - 0.2 * epoch, y: 0.6 - 0.15 * epoch, distance: 0 })) : null,
  };
}

let scene: SurfaceScene | null = null;

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

const harness = {
  /** Draws a field in a fresh view of the given size; resolves once a frame is on screen. */
  async show(options: HarnessOptions): Promise<void> {
    scene?.dispose();
    document.body.replaceChildren();
    document.body.style.margin = '0';
    const host = document.createElement('div');
    host.id = 'host';
    Object.assign(host.style, { position: 'relative', width: `${options.width}px`, height: `${options.height}px`, background: THEME.background });
    document.body.append(host);
    const style = document.createElement('style');
    style.textContent = '#host canvas { position: absolute; inset: 0; width: 100%; height: 100%; }';
    document.head.append(style);
    scene = new SurfaceScene(host, THEME);
    const f = field(options.shape, options.trajectory);
    const scale = makeZScale([f], { kind: 'linear', clipMax: null });
    scene.setField(f, scale, viridis, { wireframe: false, showTrajectory: options.trajectory });
    scene.setContours(options.contours ? extractContours(contourInputFor(f, scale)) : null);
    // The view fits itself to its host when the resize observer first reports; orbit after that.
    await nextFrame();
    if (options.orbit) {
      const state = scene.cameraState();
      const offset = state.position.clone().sub(state.target);
      const distance = offset.length();
      const home = Math.atan2(offset.x, offset.z);
      const a = home + (options.orbit.azimuth * Math.PI) / 180;
      const e = (options.orbit.elevation * Math.PI) / 180;
      const position = state.target.clone().add(new Vector3(Math.cos(e) * Math.sin(a), Math.sin(e), Math.cos(e) * Math.cos(a)).multiplyScalar(distance));
      scene.applyCameraState({ ...state, position });
    }
    scene.render();
    await nextFrame();
  },
  labelVisibility(): Array<{ text: string; visible: boolean }> {
    return scene?.labelVisibility() ?? [];
  },
};

Object.assign(window, { __surfaceHarness: harness });
export type SurfaceHarness = typeof harness;
