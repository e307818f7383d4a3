/**
 * What the 3D view shows, checked in Chromium (SwiftShader WebGL) on known
 * fields drawn by the app's own SurfaceScene (test/e2e/harness): every
 * surface pixel is a shade of a viridis colour from any camera angle, the
 * overlays (contours, trajectory, centre marker, labels) colour only their
 * own lines, the home view fills the panel, and axis labels hidden behind
 * the surface are not drawn. No host, no engine: a blank page and a bundle.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viridis } from '../../src-renderer/lib/colormap.ts';
import { SHADE_MIN } from '../../src-renderer/three/surface-material.ts';
import { launchBrowser, type BrowserSession } from './support/browser.ts';
import { changedMask, checkOnMap, erodedCount } from './support/colour-map-pixels.ts';
import { decodePng, type RgbaImage } from './support/png.ts';

/** What test/e2e/harness/surface-view-harness.ts offers the page (browser code, typechecked with the renderer). */
interface HarnessOptions {
  shape: 'paraboloid' | 'saddle' | 'steep-corner';
  width: number;
  height: number;
  contours: boolean;
  trajectory: boolean;
  orbit: { azimuth: number; elevation: number } | null;
}
interface SurfaceHarness {
  show(options: HarnessOptions): Promise<void>;
  labelVisibility(): Array<{ text: string; visible: boolean }>;
}

let browser: BrowserSession;
let page: Page;
let shots = 0;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./harness/surface-view-harness.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  browser = await launchBrowser({ width: 900, height: 700 });
  page = browser.page;
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
});

afterAll(async () => {
  await browser?.close();
});

const BASE: HarnessOptions = { shape: 'paraboloid', width: 480, height: 400, contours: false, trajectory: false, orbit: null };

async function draw(options: Partial<HarnessOptions>): Promise<RgbaImage> {
  await page.evaluate((o) => (globalThis as unknown as { __surfaceHarness: SurfaceHarness }).__surfaceHarness.show(o), { ...BASE, ...options });
  const png = await page.locator('#host').screenshot({ animations: 'disabled' });
  // LAB_HARNESS_SHOTS=DIR keeps every picture, to look at.
  if (process.env.LAB_HARNESS_SHOTS) await writeFile(join(process.env.LAB_HARNESS_SHOTS, `${++shots}-${JSON.stringify({ ...options, width: undefined, height: undefined }).replace(/[^a-z0-9-]+/gi, '_')}.png`), png);
  return decodePng(png);
}

/** A shade of the map within 6/255 per channel (rasterisation, 8-bit rounding), shades down to SHADE_MIN. */
const ON_MAP = { kMin: SHADE_MIN - 0.02, tolerance: 6 };

describe('the 3D view in Chromium', () => {
  const angles: Array<HarnessOptions['orbit']> = [null, { azimuth: 90, elevation: 15 }, { azimuth: 180, elevation: 35 }, { azimuth: -60, elevation: 70 }];
  for (const shape of ['paraboloid', 'saddle'] as const) {
    it(`colours every pixel of a ${shape} with a shade of viridis, from the home view and after orbiting`, async () => {
      for (const orbit of angles) {
        const check = checkOnMap(await draw({ shape, orbit }), viridis, ON_MAP);
        expect(check.surface, `surface pixels (orbit ${JSON.stringify(orbit)})`).toBeGreaterThan(10_000);
        expect(check.offMap / check.surface, `pixels off the colour map (orbit ${JSON.stringify(orbit)})`).toBeLessThan(0.002);
      }
    });
  }

  it('draws contours, the trajectory, the centre marker and labels only on their own lines', async () => {
    const plain = await draw({ contours: false, trajectory: false });
    const dressed = await draw({ contours: true, trajectory: true });
    const changed = changedMask(plain, dressed, 8);
    const check = checkOnMap(dressed, viridis, ON_MAP);
    // Every off-map pixel with the overlays is one the overlays drew.
    let outside = 0;
    for (let i = 0; i < check.offMask.length; i++) if (check.offMask[i] && !changed[i]) outside++;
    expect(outside).toBeLessThan(check.surface * 0.002);
    // And what they drew is lines and small marks, not areas: eroding by 2 px leaves (nearly) nothing.
    expect(erodedCount(changed, plain.width, plain.height, 2)).toBeLessThan(plain.width * plain.height * 0.005);
    // Outside the overlays' lines the surface is as it was.
    const plainSurface = checkOnMap(plain, viridis, ON_MAP).colouredMask;
    let surfacePixels = 0;
    let surfaceChanged = 0;
    for (let i = 0; i < changed.length; i++) {
      surfacePixels += plainSurface[i];
      if (changed[i] && plainSurface[i]) surfaceChanged++;
    }
    expect(surfaceChanged).toBeLessThan(surfacePixels * 0.3);
  });

  it('fits the home view to the surface: it spans most of a square panel and of a wide one, not a third', async () => {
    for (const [width, height] of [
      [400, 400],
      [640, 360],
    ]) {
      const check = checkOnMap(await draw({ width, height }), viridis, ON_MAP);
      let minX = width;
      let maxX = 0;
      let minY = height;
      let maxY = 0;
      for (let i = 0; i < check.colouredMask.length; i++) {
        if (!check.colouredMask[i]) continue;
        const x = i % width;
        const y = Math.floor(i / width);
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
      const spanX = (maxX - minX) / width;
      const spanY = (maxY - minY) / height;
      expect(Math.max(spanX, spanY), `${width}×${height}: spans ${spanX.toFixed(2)} × ${spanY.toFixed(2)}`).toBeGreaterThan(0.6);
      expect(spanX * spanY, `${width}×${height}: spans ${spanX.toFixed(2)} × ${spanY.toFixed(2)}`).toBeGreaterThan(0.36);
      console.log(`framing ${width}×${height}: ${spanX.toFixed(2)} × ${spanY.toFixed(2)}`);
    }
  });

  it('shows every axis label from the home view and hides the ones behind the surface', async () => {
    await draw({ shape: 'paraboloid' });
    const home = await page.evaluate(() => (globalThis as unknown as { __surfaceHarness: SurfaceHarness }).__surfaceHarness.labelVisibility());
    expect(home.length).toBeGreaterThan(8);
    expect(home.filter((l) => !l.visible)).toEqual([]);
    // From behind and low, the bowl's near rim stands between the camera and the α labels at the front.
    await draw({ shape: 'paraboloid', orbit: { azimuth: 180, elevation: 8 } });
    const behind = await page.evaluate(() => (globalThis as unknown as { __surfaceHarness: SurfaceHarness }).__surfaceHarness.labelVisibility());
    expect(behind.filter((l) => !l.visible).length).toBeGreaterThan(2);
  });
});
