/**
 * A new user's first session, click by click, in Debian's Chromium against
 * the web host and its real engine (wasm): two activations on tiny MNIST,
 * live curves, 9×9 loss surfaces side by side in 3D, log scale, a saved
 * snapshot that reopens identically after a reload, and a PNG export.
 * The steps share one browser and one host and run in order; after a failed
 * step the later ones fail at once, naming it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from './support/browser.ts';
import { chooseExperiment, computeSurfaces } from './support/lab-actions.ts';
import { labState, longTasksBetween, pageNow, progressPercent, recordLongTasks, runColour, screenshotPixels, typeInto, waitForLabState, type LongTask } from './support/lab-page.ts';
import { changedPixels, decodePng, distinctColours, parseHexColour, pixelsNear } from './support/png.ts';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process.ts';

const RUNS = ['relu', 'tsqrt_tanh'] as const;
/** A drawn surface (viridis shading, contours, labels) has thousands of colours; a blank canvas has one. */
const MIN_SURFACE_COLOURS = 200;
/** The longest main-thread task allowed while training streams (ms). */
const LONG_TASK_LIMIT_MS = 200;
const SNAPSHOT_NAME = 'first-session.lab';

let host: WebHostProcess;
let browser: BrowserSession;
let page: Page;
let failedStep: string | null = null;

/** What the reopened snapshot must show again. */
const saved: { surfaces: string[]; epochs: Record<string, number>; metricsText: string } = { surfaces: [], epochs: {}, metricsText: '' };
const measured: { trainingSeconds: number; longTasks: LongTask[]; surfaceSeconds: number } = { trainingSeconds: 0, longTasks: [], surfaceSeconds: 0 };

function tail(text: string, chars: number): string {
  return text.length > chars ? `…${text.slice(-chars)}` : text;
}

beforeAll(async () => {
  host = await startWebHostProcess();
  browser = await launchBrowser();
  page = browser.page;
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  console.log(
    `e2e: training ${measured.trainingSeconds.toFixed(1)} s, surfaces ${measured.surfaceSeconds.toFixed(1)} s, ` +
      `long tasks while training: ${measured.longTasks.length} (longest ${Math.max(0, ...measured.longTasks.map((t) => t.duration)).toFixed(0)} ms)`,
  );
  await browser?.close();
  await host?.stop();
});

beforeEach(({ task, onTestFailed }) => {
  if (failedStep) throw new Error(`Not run: the earlier step "${failedStep}" failed.`);
  onTestFailed(() => {
    failedStep ??= task.name;
    console.error(`\n--- web host output (${task.name}) ---\n${tail(host?.output() ?? '', 6000)}`);
    const problems = browser?.problems() ?? [];
    if (problems.length) console.error(`--- page problems ---\n${problems.join('\n')}`);
  });
});

describe('a new user in the browser', () => {
  it('opens the app connected to the engine, with the backend and the activations listed', async () => {
    // The printed address carries the token; the first load trades it for a cookie and drops it from the address.
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    await page.goto(host.url, { waitUntil: 'load', timeout: 30_000 });
    expect(page.url()).toBe(host.url.replace(/\?token=.*$/, ''));
    await waitForLabState(page, 'the connection to the host', (s) => s.connected && s.host === 'web');
    await expect.poll(() => page.getByTestId('status-bar').innerText(), { timeout: 60_000 }).toContain('wasm');
    await page.getByTestId('activation-relu').waitFor({ timeout: 30_000 });
    await page.getByTestId('activation-tsqrt_tanh').waitFor();
    expect(await labState(page)).toMatchObject({ runs: [], surfaces: [], engine: 'idle', lastError: null });
    // The empty state's icon is drawn (SVG), not a glyph the font may lack.
    expect(await page.getByTestId('empty-state-icon').evaluate((element) => element.tagName.toLowerCase())).toBe('svg');
    // Keyboard focus shows a rounded ring, also on the square tabs.
    await page.getByTestId('tab-training').click();
    await page.keyboard.press('ArrowRight');
    const ring = await page.getByTestId('tab-landscapes').evaluate((element) => {
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string; borderTopLeftRadius: string } }).getComputedStyle(element);
      return { outline: style.outlineStyle, radius: parseFloat(style.borderTopLeftRadius) };
    });
    expect(ring.outline).toBe('solid');
    expect(ring.radius).toBeGreaterThan(0);
    await page.getByTestId('tab-training').click();
  });

  it('chooses ReLU and TSQRT_tanh on tiny MNIST and sees a cost estimate before starting', async () => {
    await chooseExperiment(page, { activations: RUNS, preset: 'tiny', trainLimit: 500, testLimit: 100, epochs: 2 });
    await expect.poll(() => page.getByTestId('start-training').innerText()).toContain('2 runs');
    // The estimate times real training steps once the form is still.
    await expect.poll(() => page.getByTestId('estimate').innerText(), { timeout: 60_000 }).toMatch(/≈\s*[\d.]+\s*(ms|s|min)/);
  });

  it('trains both runs and watches the curves grow epoch by epoch, with no long task over 200 ms', async () => {
    await recordLongTasks(page);
    const startedAt = Date.now();
    const from = await pageNow(page);
    await page.getByTestId('start-training').click();

    // Runs train one after the other: once ReLU has an epoch, its curve is drawn while training goes on.
    const progress = new Set<string>();
    const trackProgress = (s: { epochs: Record<string, number> }): void => void progress.add(RUNS.map((id) => s.epochs[id] ?? 0).join('+'));
    await waitForLabState(page, 'the first epoch of ReLU', (s) => (s.epochs.relu ?? 0) >= 1, { timeoutMs: 90_000, onState: trackProgress });
    const chart = page.getByTestId('training-chart').locator('canvas').first();
    const relu = parseHexColour(await runColour(page, 'relu'));
    const tsqrtTanh = parseHexColour(await runColour(page, 'tsqrt_tanh'));
    let midway = await screenshotPixels(chart);
    await expect.poll(async () => pixelsNear((midway = await screenshotPixels(chart)), relu, 24), { timeout: 5000, interval: 100 }).toBeGreaterThan(5);
    const midwayState = await labState(page);
    expect(midwayState.jobs.some((j) => j.kind === 'train'), 'training was still running when the first curve showed').toBe(true);

    const done = await waitForLabState(page, 'both runs to finish training', (s) => s.runs.length === 2 && s.runs.every((r) => r.status === 'completed') && s.jobs.length === 0, {
      timeoutMs: 180_000,
      onState: trackProgress,
    });
    const to = await pageNow(page);
    measured.trainingSeconds = (Date.now() - startedAt) / 1000;
    expect(done.epochs).toEqual({ relu: 2, tsqrt_tanh: 2 });
    // The counts were seen growing, not only at the end.
    expect(progress.size).toBeGreaterThanOrEqual(3);
    for (const id of RUNS) await expect.poll(() => page.getByTestId(`epoch-count-${id}`).innerText()).toBe('2');

    const final = await screenshotPixels(chart);
    expect(pixelsNear(final, relu, 24)).toBeGreaterThan(100);
    expect(pixelsNear(final, tsqrtTanh, 24)).toBeGreaterThan(100);
    // A run without epochs yet has no curve: TSQRT_tanh's colour arrived with its epochs.
    if ((midwayState.epochs.tsqrt_tanh ?? 0) === 0) expect(pixelsNear(midway, tsqrtTanh, 24)).toBeLessThan(pixelsNear(final, tsqrtTanh, 24) / 10);

    measured.longTasks = await longTasksBetween(page, from, to);
    const longest = Math.max(0, ...measured.longTasks.map((t) => t.duration));
    expect(longest, `long tasks while training: ${JSON.stringify(measured.longTasks)}`).toBeLessThanOrEqual(LONG_TASK_LIMIT_MS);
  });

  it('computes 9×9 loss surfaces of both runs and sees the two 3D views side by side with their metrics', async () => {
    const startedAt = Date.now();
    // An estimate before Compute, timed per run.
    const estimate = await computeSurfaces(page, 9, 100);
    expect(estimate).toMatch(/≈\s*[\d.]+\s*(ms|s|min)/);
    expect(estimate).toContain('ReLU');
    expect(estimate).toContain('TSQRT_tanh');
    // The progress bar follows the job (determinate, moving) while points are computed.
    await waitForLabState(page, 'the first surface points', (s) => s.jobs.some((j) => j.kind === 'surface' && j.done > 0 && j.total > 1), { timeoutMs: 120_000 });
    await expect.poll(async () => (await progressPercent(page)) ?? 0, { timeout: 10_000, message: 'the progress bar shows how far the surface job is' }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('run-progress').innerText(), { timeout: 10_000, message: 'the bar shows progress within the run' }).toMatch(/run [12] of 2: \d+ %/);
    // The first run's surface shows while the second one computes.
    let seenWhileComputing = false;
    await waitForLabState(page, 'both surfaces', (s) => s.surfaces.length === 2 && s.jobs.length === 0, {
      timeoutMs: 180_000,
      onState: (s) => void (seenWhileComputing ||= s.surfaces.length === 1 && s.surfacesShown >= 1 && s.jobs.some((j) => j.kind === 'surface')),
    });
    expect(seenWhileComputing, 'a finished surface was shown while the job still ran').toBe(true);
    measured.surfaceSeconds = (Date.now() - startedAt) / 1000;

    // Two surfaces at once open the comparison by themselves.
    const state = await waitForLabState(page, 'the Compare tab with two drawn surfaces', (s) => s.activeTab === 'compare' && s.surfacesShown === 2);
    expect(state.shownSurfaceIds.sort()).toEqual([...state.surfaces].sort());

    const canvases = RUNS.map((id) => page.getByTestId(`surface-canvas-${id}`));
    const boxes = await Promise.all(canvases.map((c) => c.boundingBox()));
    const [left, right] = boxes;
    // Both canvases are laid out (a hidden one has no box).
    expect(left).not.toBeNull();
    expect(right).not.toBeNull();
    expect(Math.abs(left!.y - right!.y)).toBeLessThan(4);
    expect(right!.x).toBeGreaterThanOrEqual(left!.x + left!.width);
    expect(left!.width).toBeGreaterThan(250);
    for (const canvas of canvases) expect(distinctColours(await screenshotPixels(canvas))).toBeGreaterThan(MIN_SURFACE_COLOURS);

    await expect.poll(() => page.getByTestId('metrics-table').locator('tbody tr').count()).toBe(2);
  });

  it('switches the z axis to log scale and sees the surfaces redrawn', async () => {
    const canvas = page.getByTestId('surface-canvas-relu');
    const before = await screenshotPixels(canvas);
    await page.getByTestId('log-scale').click();
    await waitForLabState(page, 'log scale on', (s) => s.logScale);
    await expect.poll(() => page.getByTestId('log-scale').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => changedPixels(before, await screenshotPixels(canvas)), { timeout: 10_000 }).toBeGreaterThan(500);
    expect(distinctColours(await screenshotPixels(canvas))).toBeGreaterThan(MIN_SURFACE_COLOURS);
  });

  it('saves the snapshot under a name of its own', async () => {
    await page.getByTestId('save-snapshot-as').click();
    await typeInto(page.getByTestId('save-name'), SNAPSHOT_NAME);
    await page.getByTestId('save-confirm').click();
    const state = await waitForLabState(page, 'the snapshot to be saved', (s) => s.snapshotPath?.endsWith(SNAPSHOT_NAME) ?? false);
    expect(existsSync(join(host.dataDir, 'snapshots', SNAPSHOT_NAME))).toBe(true);
    await page.getByTestId('notice-success').filter({ hasText: 'Snapshot saved' }).waitFor();
    saved.surfaces = [...state.surfaces].sort();
    saved.epochs = state.epochs;
    saved.metricsText = await page.getByTestId('metrics-table').innerText();
    // The title bar and the status bar name the same document.
    await expect.poll(() => page.getByTestId('status-document').innerText()).toBe(SNAPSHOT_NAME);
    expect(await page.getByTestId('title-document').innerText()).toContain(`— ${SNAPSHOT_NAME}`);
  });

  it('reloads the page and reopens the snapshot exactly as it was', async () => {
    await page.reload({ waitUntil: 'load', timeout: 30_000 });
    const fresh = await waitForLabState(page, 'the reloaded page to connect', (s) => s.connected);
    expect(fresh.runs).toEqual([]);

    await page.getByTestId('open-snapshot').click();
    await page.getByTestId('recent-item').filter({ hasText: SNAPSHOT_NAME }).click();
    const state = await waitForLabState(page, 'the reopened snapshot with both surfaces drawn', (s) => s.surfaces.length === 2 && s.surfacesShown === 2 && s.activeTab === 'compare');
    expect([...state.surfaces].sort()).toEqual(saved.surfaces);
    expect(state.epochs).toEqual(saved.epochs);
    expect(state.snapshotPath?.endsWith(SNAPSHOT_NAME)).toBe(true);
    // The drawing options are the user's, kept across the reload.
    expect(state.logScale).toBe(true);
    expect(await page.getByTestId('metrics-table').innerText()).toBe(saved.metricsText);
    for (const id of RUNS) expect(distinctColours(await screenshotPixels(page.getByTestId(`surface-canvas-${id}`)))).toBeGreaterThan(MIN_SURFACE_COLOURS);
  });

  it('exports one chosen panel as a PNG at least 1600 pixels wide, and all panels side by side', async () => {
    const canvas = page.getByTestId('surface-canvas-relu');
    const size = await canvas.evaluate((element) => ({ width: element.clientWidth, height: element.clientHeight, ratio: (globalThis as unknown as { devicePixelRatio: number }).devicePixelRatio }));
    const scale = Math.max(size.ratio, 1600 / size.width);
    // Two panels on screen: PNG asks which, it does not take the first one silently.
    await page.getByTestId('export-png').click();
    const items = page.getByTestId('export-png-panel');
    await expect.poll(() => items.count()).toBe(2);
    let download = page.waitForEvent('download', { timeout: 30_000 });
    await items.filter({ hasText: 'ReLU' }).click();
    let png = decodePng(new Uint8Array(await readFile(await (await download).path())));
    expect(png.height).toBe(Math.round(size.height * scale));
    // The image is the view plus a strip for the colour bar on its right.
    const viewWidth = Math.round(size.width * scale);
    expect(viewWidth).toBeGreaterThanOrEqual(1600);
    expect(png.width).toBeGreaterThan(viewWidth);
    expect(png.width).toBeLessThanOrEqual(viewWidth + 120 * scale);
    expect(distinctColours(png, { x: 0, y: 0, width: viewWidth, height: png.height })).toBeGreaterThan(MIN_SURFACE_COLOURS);
    await page.getByTestId('notice-success').filter({ hasText: 'PNG of ReLU' }).waitFor();

    download = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByTestId('export-png').click();
    await page.getByTestId('export-png-all').click();
    png = decodePng(new Uint8Array(await readFile(await (await download).path())));
    expect(png.width).toBeGreaterThan(2 * viewWidth);
    expect(browser.problems()).toEqual([]);
  });

  it('lays the compared panels out 1 to 4 per row, growing with the window, subtitles whole, the difference as wide as the grid', async () => {
    const grid = page.getByTestId('compare-grid');
    const relu = page.getByTestId('surface-canvas-relu');
    const other = page.getByTestId('surface-canvas-tsqrt_tanh');
    await page.getByTestId('per-row-1').click();
    await expect.poll(async () => ((await relu.boundingBox())?.width ?? 0) / ((await grid.boundingBox())?.width ?? 1)).toBeGreaterThan(0.8);
    expect((await other.boundingBox())!.y).toBeGreaterThan((await relu.boundingBox())!.y + 100);
    const oneWide = (await relu.boundingBox())!;
    await page.getByTestId('per-row-2').click();
    await expect.poll(async () => Math.abs((await other.boundingBox())!.y - (await relu.boundingBox())!.y)).toBeLessThan(4);
    // A panel keeps a view's shape: wider panels are taller too.
    expect(oneWide.height).toBeGreaterThan((await relu.boundingBox())!.height * 1.5);
    // Subtitles cut by the panel's width carry the whole text in a tooltip.
    for (const subtitle of await page.getByTestId('panel-subtitle').all()) expect(await subtitle.getAttribute('title')).toBe(await subtitle.textContent());
    await page.getByTestId('show-difference').click();
    await page.getByTestId('difference-panel').waitFor();
    const diffBox = (await page.getByTestId('difference-panel').boundingBox())!;
    const gridBox = (await grid.boundingBox())!;
    expect(diffBox.width).toBeGreaterThan(gridBox.width * 0.95);
    await page.getByTestId('show-difference').click();
  });

  it('starts a new experiment, opens the snapshot and starts another with surfaces on screen, and the page stays alive', async () => {
    const before = browser.problems().length;
    await page.getByTestId('new-experiment').click();
    const fresh = await waitForLabState(page, 'the new, empty experiment', (s) => s.runs.length === 0 && s.surfaces.length === 0 && s.activeTab === 'training');
    expect(fresh.surfacesShown).toBe(0);
    // The tabs still answer.
    await page.getByTestId('tab-compare').click();
    await waitForLabState(page, 'the Compare tab after New', (s) => s.activeTab === 'compare');

    await page.getByTestId('open-snapshot').click();
    await page.getByTestId('recent-item').filter({ hasText: SNAPSHOT_NAME }).click();
    await waitForLabState(page, 'the reopened snapshot', (s) => s.surfaces.length === 2 && s.surfacesShown === 2);
    await expect.poll(() => page.getByTestId('save-snapshot').isEnabled()).toBe(true);

    await page.getByTestId('new-experiment').click();
    await waitForLabState(page, 'the second new experiment', (s) => s.runs.length === 0 && s.surfacesShown === 0);
    await page.getByTestId('tab-landscapes').click();
    await waitForLabState(page, 'the Landscapes tab after the second New', (s) => s.activeTab === 'landscapes');
    expect(browser.problems().slice(before)).toEqual([]);
    expect((await labState(page)).fault).toBeNull();
  });

  it('shows a banner with what failed and a way back when the page hits an uncaught error', async () => {
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('a deliberate failure from the e2e test');
      }, 0);
    });
    const banner = page.getByTestId('fault-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('a deliberate failure from the e2e test');
    await page.getByTestId('fault-recover').click();
    await banner.waitFor({ state: 'hidden' });
    await page.getByTestId('tab-training').click();
    await waitForLabState(page, 'a working page after recovering', (s) => s.activeTab === 'training' && s.connected && s.fault === null);
  });
});
