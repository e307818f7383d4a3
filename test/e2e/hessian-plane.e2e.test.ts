/**
 * The Hessian-eigenvector plane in the app (issue 14 item 2): a trained
 * snapshot opened by path, "Hessian" chosen in the surface form, a small
 * surface computed, and its eigenvalues with their residuals shown beside
 * the 3D view.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from './support/browser.ts';
import { computeSurfaces, openSnapshotByPath, trainSnapshot } from './support/lab-actions.ts';
import { waitForLabState } from './support/lab-page.ts';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process.ts';

let host: WebHostProcess;
let browser: BrowserSession;
let page: Page;
let snapshot: string;

beforeAll(async () => {
  host = await startWebHostProcess();
  snapshot = join(host.dataDir, 'hessian.lab');
  await trainSnapshot(snapshot, ['--preset', 'tiny', '--activations', 'tswish', '--epochs', '2', '--train-limit', '512', '--test-limit', '128', '--lr', '0.003']);
  browser = await launchBrowser();
  page = browser.page;
  page.setDefaultTimeout(15_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('the Hessian plane in the browser', () => {
  it('computes a surface on the Hessian plane and shows its eigenvalues with residuals', async () => {
    await page.goto(host.url, { waitUntil: 'load', timeout: 30_000 });
    await waitForLabState(page, 'the connection to the host', (s) => s.connected);
    await openSnapshotByPath(page, snapshot, 1);

    await page.getByTestId('tab-landscapes').click();
    await page.getByRole('radio', { name: 'Hessian' }).click();
    await page.getByTestId('hessian-plane-note').waitFor();
    // Its eigenvectors are scaled to ‖θ‖: the default ±1 becomes a few hundredths.
    const form = page.locator('form.surface-form');
    expect(await form.getByLabel('α max', { exact: true }).inputValue()).toBe('0.02');
    expect(await form.getByLabel('β min', { exact: true }).inputValue()).toBe('-0.02');
    await computeSurfaces(page, 5, 128);
    await waitForLabState(page, 'the Hessian surface', (s) => s.surfaces.length === 1 && s.jobs.length === 0, { timeoutMs: 180_000 });
    const eigenvalues = page.getByTestId('hessian-plane-eigenvalues');
    await eigenvalues.waitFor({ timeout: 30_000 });
    expect(await eigenvalues.innerText()).toMatch(/λ1 -?[\d.]+(e[+-]?\d+)? \([\d.e+-]+\) · λ2 -?[\d.]+/);
  });
});
