/**
 * The landscape evolution in the app (issue 14 item 1): a trained snapshot
 * with 3 checkpoints opened by path, "Evolution" ticked in the surface form
 * and computed (a surface per checkpoint); the Landscapes view shows the
 * time slider; moving it (and ←/→) switches
 * frames with the same 3D canvas (camera kept) and the same colour scale,
 * and shows the epoch and the activation parameters' values at it; its
 * export button downloads the evolution as a zip.
 */
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApp, startAppWithSnapshot, type AppWithSnapshot } from './support/app-with-snapshot.ts';
import { computeSurfaces, openSnapshotByPath } from './support/lab-actions.ts';
import { waitForLabState } from './support/lab-page.ts';

let app: AppWithSnapshot;
let page: Page;

beforeAll(async () => {
  app = await startAppWithSnapshot('evolution.lab', ['--preset', 'tiny', '--activations', 'tswish', '--epochs', '2', '--checkpoint-every', '1', '--train-limit', '512', '--test-limit', '128', '--lr', '0.003']);
  page = app.page;
}, 240_000);

afterAll(async () => {
  await app?.stop();
});

const epochText = (): Promise<string> => page.getByTestId('evolution-epoch').innerText();
const colourTicks = (): Promise<string[]> => page.locator('.colorbar .tick').allInnerTexts();
const parameterValues = (): Promise<string[]> => page.getByTestId('evolution-parameter').allInnerTexts();

describe('the evolution player in the browser', () => {
  it('moves through the checkpoints with the slider and ←/→ on one canvas and one colour scale', async () => {
    await loadApp(app);
    await openSnapshotByPath(page, app.snapshot, 1);
    await page.getByTestId('tab-landscapes').click();
    await page.getByTestId('surface-evolution').check();
    expect(await page.getByTestId('surface-evolution-note').innerText()).toMatch(/3 surfaces per run \(epochs 0, 1, 2\)/);
    expect(await page.getByTestId('compute-surfaces').innerText()).toMatch(/Compute 3 surfaces \(evolution\)/);
    const estimate = await computeSurfaces(page, 5, 128);
    expect(estimate).toMatch(/× 3 checkpoints \(one surface each\)/);
    await waitForLabState(page, 'the evolution', (s) => s.surfaces.length === 3 && s.jobs.length === 0, { timeoutMs: 240_000 });
    // Finished surfaces open in Compare; the player is in Landscapes.
    await page.getByTestId('tab-landscapes').click();

    const slider = page.getByTestId('evolution-slider');
    await slider.waitFor();
    expect(await slider.getAttribute('max')).toBe('2');
    await page.getByTestId('evolution-chart').waitFor();
    // The surface picker shows the newest frame; mark its canvas to prove it is never rebuilt.
    const canvas = page.getByTestId('surface-canvas-tswish');
    await canvas.evaluate((element) => element.setAttribute('data-evolution-mark', 'kept'));
    const picked = async (): Promise<string> => page.getByTestId('surface-select').inputValue();
    await slider.fill('2');
    await expect.poll(epochText).toBe('epoch 2');
    const ticks = await colourTicks();
    const last = await picked();
    const finalParameters = await parameterValues();
    expect(finalParameters.length).toBeGreaterThan(0);

    // The slider itself: ← with it focused, then set to the start.
    await slider.focus();
    await slider.press('ArrowLeft');
    await expect.poll(epochText).toBe('epoch 1');
    expect(await picked()).not.toBe(last);
    await slider.fill('0');
    await expect.poll(epochText).toBe('epoch 0');
    expect(await parameterValues()).not.toEqual(finalParameters);
    expect(await colourTicks()).toEqual(ticks);

    // ←/→ anywhere in the view (nothing focused that takes arrows).
    await page.getByTestId('evolution-values').click();
    await page.keyboard.press('ArrowRight');
    await expect.poll(epochText).toBe('epoch 1');
    await page.keyboard.press('ArrowRight');
    await expect.poll(epochText).toBe('epoch 2');
    expect(await picked()).toBe(last);
    expect(await parameterValues()).toEqual(finalParameters);
    expect(await colourTicks()).toEqual(ticks);
    expect(await canvas.getAttribute('data-evolution-mark')).toBe('kept');

    // Export: a zip of the evolution (an h5 per frame, the CSV, the GIF), downloaded by the browser.
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByTestId('export-evolution').click();
    const files = Object.keys(unzipSync(new Uint8Array(await readFile(await (await download).path()))));
    expect(files.filter((f) => f.endsWith('.h5'))).toHaveLength(3);
    expect(files.some((f) => f.endsWith('/metrics.csv'))).toBe(true);
    expect(files.some((f) => f.endsWith('/evolution.gif'))).toBe(true);
  });
});
