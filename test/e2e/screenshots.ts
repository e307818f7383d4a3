/**
 * `npm run screenshots`: the README's pictures, from a real session in
 * headless Chromium against the web host: three activations trained on a few
 * thousand MNIST images, 21×21 loss surfaces, then the main views at
 * 1440×900. Takes several minutes on two cores; `--draft` runs a tiny version
 * to check the script itself. Also prints the long tasks the page had while
 * training streamed.
 *
 *   npm run screenshots [-- --out assets/screenshots] [--draft] [--no-build]
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserSession } from './support/browser.ts';
import { buildApp } from './support/build-app.ts';
import { chooseExperiment, computeSurfaces } from './support/lab-actions.ts';
import { labState, longTasksBetween, pageNow, recordLongTasks, typeInto, waitForLabState } from './support/lab-page.ts';
import { REPOSITORY_ROOT, startWebHostProcess, type WebHostProcess } from './support/web-host-process.ts';

const options = new Command()
  .name('screenshots')
  .option('--out <folder>', 'where the PNGs go', join(REPOSITORY_ROOT, 'assets', 'screenshots'))
  .option('--draft', 'tiny network, little data, 9×9 surfaces: checks the script in a minute', false)
  .option('--no-build', 'use the app already built in out/')
  .option('--only <name>', 'write only this picture (e.g. direction-seeds); the session still trains what it needs')
  .parse()
  .opts<{ out: string; draft: boolean; build: boolean; only?: string }>();

const plan = options.draft
  ? { preset: 'tiny' as const, trainLimit: 500, testLimit: 200, epochs: 2, grid: 9, evaluation: 100 }
  : { preset: 'quick' as const, trainLimit: 3000, testLimit: 1000, epochs: 3, grid: 21, evaluation: 256 };
const ACTIVATIONS = ['relu', 'tsqrt', 'tsqrt_tanh'];
const MINUTE = 60_000;

function log(text: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
}

/** Whether a scene's picture is wanted (all of them unless --only names one). */
const wanted = (name: string): boolean => !options.only || options.only === name;

async function shoot(page: Page, name: string): Promise<void> {
  if (!wanted(name)) return;
  const path = join(resolve(options.out), `${name}.png`);
  // Let charts and 3D views finish their frame.
  await page.waitForTimeout(600);
  await page.screenshot({ path, animations: 'disabled' });
  log(`wrote ${path}`);
}

/** Choosing activations scrolled the setup panel; a picture shows it from its top, as a user first sees it. */
async function scrollSetupToTop(page: Page): Promise<void> {
  await page.locator('.setup-scroll').evaluate((element) => element.scrollTo(0, 0));
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  while ((await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.theme)) !== theme) {
    await page.getByTestId('toggle-theme').click();
  }
}

async function dismissNotices(page: Page): Promise<void> {
  for (const close of await page.locator('.notice button').all()) await close.click().catch(() => undefined);
}

async function session(page: Page): Promise<void> {
  log('setting up the experiment');
  await waitForLabState(page, 'the connection', (s) => s.connected, { timeoutMs: MINUTE });
  await page.getByTestId('activation-relu').waitFor({ timeout: MINUTE });
  await chooseExperiment(page, { ...plan, activations: ACTIVATIONS, name: 'MNIST: ReLU vs TSQRT vs TSQRT_tanh' });
  await page.getByTestId('estimate').filter({ hasText: '≈' }).waitFor({ timeout: 2 * MINUTE });
  await scrollSetupToTop(page);
  await shoot(page, 'setup');

  log('training');
  await recordLongTasks(page);
  const from = await pageNow(page);
  await page.getByTestId('start-training').click();
  // Live: the last run is partway through, the earlier ones are done.
  await waitForLabState(page, 'the last run to be halfway', (s) => (s.epochs.tsqrt_tanh ?? 0) >= Math.ceil(plan.epochs / 2), { timeoutMs: 20 * MINUTE });
  await shoot(page, 'training');
  await waitForLabState(page, 'training to finish', (s) => s.runs.length > 0 && s.runs.every((r) => r.status === 'completed') && s.jobs.length === 0, { timeoutMs: 20 * MINUTE });
  const tasks = await longTasksBetween(page, from, await pageNow(page));
  log(`long tasks while training: ${tasks.length}, longest ${Math.max(0, ...tasks.map((t) => t.duration)).toFixed(0)} ms (${tasks.map((t) => t.duration.toFixed(0)).join(', ') || 'none'})`);

  log('computing surfaces');
  await dismissNotices(page);
  await computeSurfaces(page, plan.grid, plan.evaluation);
  await waitForLabState(page, 'every surface', (s) => s.surfaces.length === ACTIVATIONS.length && s.jobs.length === 0, { timeoutMs: 30 * MINUTE });
  await waitForLabState(page, 'the comparison', (s) => s.activeTab === 'compare' && s.surfacesShown === ACTIVATIONS.length);
  await dismissNotices(page);
  await shoot(page, 'compare');

  await page.getByTestId('tab-landscapes').click();
  const state = await labState(page);
  const tsqrt = state.surfaces.find((id) => id.startsWith('tsqrt.'));
  if (tsqrt) await page.getByTestId('surface-select').selectOption(tsqrt);
  // The 3D view alone: beside the 2D map it gets too little of a 1440-pixel window to show the surface well.
  if ((await page.getByTestId('show-map').getAttribute('aria-pressed')) === 'true') await page.getByTestId('show-map').click();
  await waitForLabState(page, 'the landscape view', (s) => s.surfacesShown >= 1);
  await shoot(page, 'landscape');

  await page.getByTestId('tab-compare').click();
  if (wanted('dark')) await setTheme(page, 'dark');
  await waitForLabState(page, 'the comparison in the dark theme', (s) => s.surfacesShown === ACTIVATIONS.length);
  await shoot(page, 'dark');

  await setTheme(page, 'light');
  if (wanted('evolution')) await evolution(page);
  if (wanted('direction-seeds')) await directionSeeds(page);
  if (wanted('hessian-plane')) await hessianPlane(page);
}

async function evolution(page: Page): Promise<void> {
  log('computing a landscape evolution of TSQRT_tanh');
  await page.getByTestId('tab-landscapes').click();
  const form = page.locator('form.surface-form');
  for (const other of ['ReLU', 'TSQRT']) await form.getByRole('checkbox', { name: other, exact: true }).uncheck();
  await page.getByTestId('surface-evolution').check();
  await dismissNotices(page);
  await computeSurfaces(page, plan.grid, plan.evaluation);
  const frames = (await labState(page)).surfaces.length + plan.epochs + 1;
  await waitForLabState(page, 'the evolution', (s) => s.surfaces.length === frames && s.jobs.length === 0, { timeoutMs: 30 * MINUTE });
  await page.getByTestId('tab-landscapes').click();
  await page.getByTestId('evolution-slider').fill(String(Math.floor(plan.epochs / 2)));
  await dismissNotices(page);
  await waitForLabState(page, 'the evolution frame', (s) => s.surfacesShown >= 1);
  // Tall enough for the 3D view and the player below it.
  await page.setViewportSize({ width: 1440, height: 1240 });
  await shoot(page, 'evolution');
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Error bars (issue 14 item 3): ReLU and TSQRT_tanh on 3 random planes each; the mean surface coloured by its spread, and the table of mean ± std. */
async function directionSeeds(page: Page): Promise<void> {
  log('computing ReLU and TSQRT_tanh on 3 random planes each');
  await page.getByTestId('tab-landscapes').click();
  const form = page.locator('form.surface-form');
  await form.getByRole('checkbox', { name: 'ReLU', exact: true }).check();
  await form.getByRole('checkbox', { name: 'TSQRT', exact: true }).uncheck();
  await form.getByRole('checkbox', { name: 'TSQRT_tanh', exact: true }).check();
  await page.getByTestId('surface-evolution').uncheck();
  await typeInto(page.getByTestId('direction-seeds'), '3');
  await dismissNotices(page);
  const before = (await labState(page)).surfaces.length;
  await computeSurfaces(page, plan.grid, plan.evaluation);
  // Seed 0's surfaces replace the ones computed above (the same recipe): 4 new ones.
  await waitForLabState(page, 'the 6 surfaces', (s) => s.surfaces.length === before + 4 && s.jobs.length === 0, { timeoutMs: 30 * MINUTE });
  await page.getByTestId('tab-landscapes').click();
  const meanOption = page.getByTestId('surface-select').locator('option', { hasText: 'TSQRT_tanh — mean of 3 planes' });
  const meanId = (await meanOption.getAttribute('value'))!;
  await page.getByTestId('surface-select').selectOption(meanId);
  await dismissNotices(page);
  await waitForLabState(page, 'the mean surface', (s) => s.shownSurfaceIds.includes(meanId));
  await page.setViewportSize({ width: 1440, height: 1100 });
  await shoot(page, 'direction-seeds');
  // The two runs with error bars side by side (a run of one plane has no noise to judge a difference by).
  await page.getByTestId('tab-compare').click();
  await page.locator('.chooser summary').click();
  await page.locator('.chooser label', { hasText: 'TSQRT · random' }).getByRole('checkbox').uncheck();
  await page.locator('.chooser summary').click();
  // Wide enough for every column of the table.
  await page.setViewportSize({ width: 1900, height: 1100 });
  await waitForLabState(page, 'the comparison', (s) => s.activeTab === 'compare' && s.surfacesShown === 2);
  await page.getByTestId('metrics-table').scrollIntoViewIfNeeded();
  await page.waitForTimeout(600);
  if (wanted('direction-seeds')) {
    const path = join(resolve(options.out), 'direction-seeds-table.png');
    await page.locator('.table-wrap').screenshot({ path, animations: 'disabled' });
    log(`wrote ${path}`);
  }
}

/**
 * The Hessian-eigenvector plane (issue 14 item 2) of TSQRT_tanh, with λ₁, λ₂ and their residuals beside
 * the 3D view. The eigenvectors are scaled to ‖θ‖, so the plane's useful range is a few hundredths.
 */
async function hessianPlane(page: Page): Promise<void> {
  log('computing the Hessian plane of TSQRT_tanh');
  await page.setViewportSize({ width: 1440, height: 1100 });
  await page.getByTestId('tab-landscapes').click();
  const form = page.locator('form.surface-form');
  for (const name of ['ReLU', 'TSQRT']) await form.getByRole('checkbox', { name, exact: true }).uncheck();
  await form.getByRole('checkbox', { name: 'TSQRT_tanh', exact: true }).check();
  await page.getByTestId('surface-evolution').uncheck();
  await typeInto(page.getByTestId('direction-seeds'), '1');
  await form.getByRole('radio', { name: 'Hessian' }).click();
  for (const [field, value] of [['α min', '-0.02'], ['α max', '0.02'], ['β min', '-0.02'], ['β max', '0.02']] as const) {
    await typeInto(form.getByLabel(field, { exact: true }), value);
  }
  await dismissNotices(page);
  const before = (await labState(page)).surfaces.length;
  await computeSurfaces(page, plan.grid, plan.evaluation);
  await waitForLabState(page, 'the Hessian surface', (s) => s.surfaces.length === before + 1 && s.jobs.length === 0, { timeoutMs: 30 * MINUTE });
  await page.getByTestId('tab-landscapes').click();
  const hessian = (await labState(page)).surfaces.find((id) => id.startsWith('tsqrt_tanh.hessian'));
  if (hessian) await page.getByTestId('surface-select').selectOption(hessian);
  await page.getByTestId('hessian-plane-eigenvalues').waitFor({ timeout: MINUTE });
  await dismissNotices(page);
  await waitForLabState(page, 'the Hessian plane', (s) => s.surfacesShown >= 1);
  // Choosing the surface scrolled the view: show it from its top.
  await page.evaluate(() => {
    const all = (globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<{ scrollTop: number }> } }).document.querySelectorAll('*');
    for (const element of all) if (element.scrollTop > 0) element.scrollTop = 0;
  });
  await shoot(page, 'hessian-plane');
}

async function main(): Promise<void> {
  await mkdir(resolve(options.out), { recursive: true });
  if (options.build) {
    log('building');
    buildApp();
  }
  let host: WebHostProcess | null = null;
  let browser: BrowserSession | null = null;
  try {
    host = await startWebHostProcess();
    browser = await launchBrowser({ width: 1440, height: 900, colorScheme: 'light' });
    await browser.page.goto(host.url, { waitUntil: 'load', timeout: MINUTE });
    await session(browser.page);
    const problems = browser.problems();
    if (problems.length) log(`page problems:\n${problems.join('\n')}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    if (host) console.error(`--- web host output ---\n${host.output().slice(-6000)}`);
    process.exitCode = 1;
  } finally {
    await browser?.close();
    await host?.stop();
  }
}

await main();
