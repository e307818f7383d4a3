/**
 * The Hessian-eigenvector plane in the app (issue 14 item 2): a trained
 * snapshot opened by path, "Hessian" chosen in the surface form, a small
 * surface computed, and its eigenvalues with their residuals shown beside
 * the 3D view.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApp, startAppWithSnapshot, type AppWithSnapshot } from './support/app-with-snapshot.ts';
import { computeSurfaces, openSnapshotByPath } from './support/lab-actions.ts';
import { waitForLabState } from './support/lab-page.ts';

let app: AppWithSnapshot;
let page: Page;

beforeAll(async () => {
  app = await startAppWithSnapshot('hessian.lab', ['--preset', 'tiny', '--activations', 'tswish', '--epochs', '2', '--train-limit', '512', '--test-limit', '128', '--lr', '0.003']);
  page = app.page;
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

describe('the Hessian plane in the browser', () => {
  it('computes a surface on the Hessian plane and shows its eigenvalues with residuals', async () => {
    await loadApp(app);
    await openSnapshotByPath(page, app.snapshot, 1);

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
