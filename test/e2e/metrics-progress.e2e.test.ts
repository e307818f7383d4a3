/**
 * A surface's metrics phase in the jobs strip (issue 15): after the grid,
 * "Hessian λmax and Tr H of …" with its own count "k / n" and bar, not a bar
 * at 100 % for a minute; Cancel there stops it and the computed grid stays.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApp, startAppWithSnapshot, type AppWithSnapshot } from './support/app-with-snapshot.ts';
import { computeSurfaces, openSnapshotByPath } from './support/lab-actions.ts';
import { waitForLabState } from './support/lab-page.ts';

let app: AppWithSnapshot;
let page: Page;

beforeAll(async () => {
  app = await startAppWithSnapshot('metrics.lab', ['--preset', 'tiny', '--activations', 'relu', '--epochs', '1', '--train-limit', '512', '--test-limit', '64']);
  page = app.page;
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

describe('the metrics phase in the jobs strip', () => {
  it('counts the Hessian products with a bar, and Cancel during it keeps the grid', async () => {
    await loadApp(app);
    await openSnapshotByPath(page, app.snapshot, 1);

    // 512 examples: the Hessian's products take seconds on the tiny net, time enough to read and cancel.
    await computeSurfaces(page, 3, 512);
    const count = page.getByTestId('phase-count');
    await count.waitFor({ timeout: 120_000 });
    expect(await page.locator('.jobs .phase').first().innerText()).toMatch(/^Hessian λmax and Tr H of .+: \d+ \/ \d+$/);
    const [done, total] = (await count.innerText()).split(' / ').map(Number);
    expect(total).toBeGreaterThanOrEqual(10);
    expect(done).toBeLessThan(total);
    // The bar follows the products, not the finished points (100 %).
    const percent = Number((await page.locator('.jobs .pct').first().innerText()).replace('%', ''));
    expect(percent).toBeLessThan(100);

    await page.getByTestId('cancel-job').click();
    await waitForLabState(page, 'the cancelled job', (s) => s.jobs.length === 0, { timeoutMs: 60_000 });
    // Cancelled (not finished before the click), and the grid is in the document.
    await page.getByTestId('notice-info').filter({ hasText: 'was cancelled' }).waitFor({ timeout: 15_000 });
    await waitForLabState(page, 'the grid kept', (s) => s.surfaces.length === 1, { timeoutMs: 30_000 });
    // The grid's metrics are there; λmax is not.
    await page.getByTestId('tab-compare').click();
    const lambda = page.getByTestId('cell-hessianTop').first();
    expect(await page.getByTestId('cell-centreLoss').first().innerText()).toMatch(/\d/);
    expect(await lambda.innerText()).not.toMatch(/\d/);
    // Resume computes only what is missing, λmax and Tr H, into the same one surface.
    await page.getByTestId('tab-landscapes').click();
    await page.getByTestId('resume-surfaces').click();
    await page.getByTestId('tab-compare').click();
    await expect.poll(() => lambda.innerText(), { timeout: 120_000 }).toMatch(/\d/);
    expect((await waitForLabState(page, 'the resumed job', (s) => s.jobs.length === 0)).surfaces).toHaveLength(1);
  });
});
