/**
 * Error bars from several direction seeds in the app (issue 14 item 3): a
 * two-run snapshot opened by path, "Direction seeds" set to 3 in the surface
 * form (off, with its reason, on a PCA plane), the cost estimate × 3 planes,
 * 3 small surfaces per run computed (cancelled after the first plane and
 * resumed); the Compare table shows one row per run
 * with mean ± std over the planes and the noise rule under it; the picker's
 * "mean of 3 planes" draws the mean surface coloured by its spread, with a
 * colour bar "std over 3 planes" and a read-out of mean ± std.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApp, startAppWithSnapshot, type AppWithSnapshot } from './support/app-with-snapshot.ts';
import { computeSurfaces, openSnapshotByPath } from './support/lab-actions.ts';
import { typeInto, waitForLabState } from './support/lab-page.ts';

let app: AppWithSnapshot;
let page: Page;

beforeAll(async () => {
  app = await startAppWithSnapshot('seeds.lab', ['--preset', 'tiny', '--activations', 'relu,tswish', '--epochs', '1', '--train-limit', '256', '--test-limit', '64', '--lr', '0.003']);
  page = app.page;
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

describe('direction seeds in the browser', () => {
  it('computes 3 planes per run and shows mean ± std, the noise rule and the mean surface coloured by its spread', async () => {
    await loadApp(app);
    await openSnapshotByPath(page, app.snapshot, 2);

    await page.getByTestId('tab-landscapes').click();
    const seeds = page.getByTestId('direction-seeds');
    // Only a random plane depends on its seed.
    await page.getByRole('radio', { name: 'PCA' }).click();
    expect(await seeds.isDisabled()).toBe(true);
    expect(await page.getByTestId('direction-seeds-note').innerText()).toMatch(/Only random planes depend on a seed/);
    await page.getByRole('radio', { name: 'random' }).click();
    expect(await seeds.isEnabled()).toBe(true);
    await typeInto(seeds, '0');
    await page.locator('.problems').filter({ hasText: 'Direction seeds: a whole number of random planes per run, 1 to 100.' }).waitFor();
    await typeInto(seeds, '3');
    expect(await page.getByTestId('direction-seeds-note').innerText()).toMatch(/3 surfaces per run on the planes of seeds 0–2/);
    expect(await page.getByTestId('compute-surfaces').innerText()).toMatch(/Compute 6 surfaces \(3 planes\)/);

    const estimate = await computeSurfaces(page, 5, 64);
    expect(estimate).toMatch(/× 3 planes \(one surface each\)/);
    // Long work can be cancelled and resumed: what was computed stays.
    await waitForLabState(page, 'the first plane', (s) => s.surfaces.length >= 1 && s.jobs.length > 0, { timeoutMs: 120_000 });
    await page.getByRole('button', { name: 'Cancel computation' }).click();
    const cancelled = await waitForLabState(page, 'the cancelled computation', (s) => s.jobs.length === 0, { timeoutMs: 60_000 });
    expect(cancelled.surfaces.length).toBeGreaterThanOrEqual(1);
    expect(cancelled.surfaces.length).toBeLessThan(6);
    await page.getByTestId('tab-landscapes').click();
    await page.getByTestId('resume-surfaces').click();
    await waitForLabState(page, 'the 6 surfaces', (s) => s.surfaces.length === 6 && s.jobs.length === 0, { timeoutMs: 200_000 });
    expect(await page.getByTestId('resume-surfaces').count()).toBe(0);

    // Compare: one row per run, mean ± std over its 3 planes, the rule stated under the table.
    await page.getByTestId('tab-compare').click();
    const table = page.getByTestId('metrics-table');
    await table.waitFor();
    expect(await page.getByTestId('row-planes').allInnerTexts()).toEqual(['(3 planes)', '(3 planes)']);
    const sharpness = await page.getByTestId('cell-sharpness').allInnerTexts();
    expect(sharpness).toHaveLength(2);
    for (const cell of sharpness) expect(cell).toMatch(/^-?[\d.,e−-]+\s*± [\d.,e−-]+/);
    // The centre is the trained model's own: the same on every plane, no ±.
    for (const cell of await page.getByTestId('cell-centreLoss').allInnerTexts()) expect(cell).not.toContain('±');
    expect(await page.getByTestId('noise-rule').innerText()).toBe(
      '± is the standard deviation over 3 random planes; a difference is marked ★ only when |Δ| > 2·√(s_A²/n_A + s_B²/n_B), the rule the study reports use.',
    );
    // A mark, where there is one, says in its tooltip which threshold it beat.
    const title = await page.getByTestId('cell-sharpness').first().getAttribute('title');
    expect(title).toMatch(/over 3 planes\nvs .*: Δ = .*, t = .* → (significant|within noise)/);

    // The mean surface: height the mean, colour the spread, read out as mean ± std.
    await page.getByTestId('tab-landscapes').click();
    const select = page.getByTestId('surface-select');
    const meanOption = select.locator('option', { hasText: 'mean of 3 planes' });
    expect(await meanOption.count()).toBe(2);
    const meanId = await meanOption.first().getAttribute('value');
    expect(meanId).toMatch(/^mean:/);
    await select.selectOption(meanId!);
    await waitForLabState(page, 'the mean surface drawn', (s) => s.shownSurfaceIds.includes(meanId!));
    expect(await page.locator('.colorbar .title').first().innerText()).toBe('std over 3 planes');
    expect(await page.getByTestId('panel-subtitle').first().innerText()).toMatch(/3 planes \(seeds 0–2\) · height: mean, colour: std/);
    expect(await page.getByTestId('seed-group-facts').innerText()).toMatch(/Sharpness\s+[\d.,e−-]+ ± [\d.,e−-]+/);
    // The mean is drawn, not stored: a per-surface export says what to export instead of failing.
    await page.getByTestId('export-csv').click();
    await page.getByTestId('notice-info').filter({ hasText: 'The mean of several planes is not a stored surface' }).waitFor();
    if ((await page.getByTestId('show-map').getAttribute('aria-pressed')) !== 'true') await page.getByTestId('show-map').click();
    const map = page.locator('.map').first();
    const box = (await map.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 + 20, box.y + box.height / 2);
    const readout = page.locator('.map [role="status"]');
    await readout.waitFor();
    const text = await readout.innerText();
    expect(text).toMatch(/train loss \(mean\)\s+[\d.,e−-]+ ± [\d.,e−-]+/);
    expect(text).toMatch(/seed 0[\s\S]*seed 1[\s\S]*seed 2/);
  });
});
