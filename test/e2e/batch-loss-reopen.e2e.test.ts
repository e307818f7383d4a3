/**
 * The running loss per batch after Open (issue 15): a snapshot trained by the
 * CLI, opened in the app, draws its running-loss chart from the snapshot's
 * record; the same snapshot without the record (as written before it was
 * kept) says there is none instead of showing an empty chart.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from './support/browser.ts';
import { trainSnapshot } from './support/lab-actions.ts';
import { runColour, screenshotPixels, typeInto, waitForLabState } from './support/lab-page.ts';
import { parseHexColour, pixelsNear } from './support/png.ts';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process.ts';

let host: WebHostProcess;
let browser: BrowserSession;
let page: Page;
let snapshot: string;
let older: string;

/** The snapshot as written before the running loss was saved: run.json without `batchLoss`. */
async function withoutBatchLoss(from: string, to: string): Promise<void> {
  const files = unzipSync(await readFile(from));
  const manifest = JSON.parse(strFromU8(files['manifest.json'])) as { entries: Record<string, string> };
  for (const path of Object.keys(files).filter((p) => p.endsWith('/run.json'))) {
    const record = JSON.parse(strFromU8(files[path])) as Record<string, unknown>;
    delete record.batchLoss;
    files[path] = strToU8(JSON.stringify(record));
    manifest.entries[path] = createHash('sha256').update(files[path]).digest('hex');
  }
  files['manifest.json'] = strToU8(JSON.stringify(manifest));
  await writeFile(to, zipSync(files));
}

async function open(path: string): Promise<void> {
  await page.getByTestId('open-snapshot').click();
  await typeInto(page.getByTestId('open-path'), path);
  await page.getByTestId('open-path').press('Enter');
  await waitForLabState(page, `the opened snapshot ${path}`, (s) => s.runs.length === 1 && (s.snapshotPath?.endsWith(path.split('/').at(-1)!) ?? false), { timeoutMs: 60_000 });
  await page.getByTestId('tab-training').click();
}

beforeAll(async () => {
  host = await startWebHostProcess();
  snapshot = join(host.dataDir, 'batches.lab');
  older = join(host.dataDir, 'older.lab');
  await trainSnapshot(snapshot, ['--preset', 'tiny', '--activations', 'relu', '--epochs', '2', '--batch-size', '32', '--train-limit', '320', '--test-limit', '64']);
  await withoutBatchLoss(snapshot, older);
  browser = await launchBrowser();
  page = browser.page;
  page.setDefaultTimeout(15_000);
  await page.goto(host.url, { waitUntil: 'load', timeout: 30_000 });
  await waitForLabState(page, 'the connection to the host', (s) => s.connected);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('the running-loss chart of an opened snapshot', () => {
  it('draws the saved running loss per batch', async () => {
    await open(snapshot);
    const chart = page.getByTestId('batch-loss-chart').locator('canvas').first();
    await chart.waitFor();
    const relu = parseHexColour(await runColour(page, 'relu'));
    await expect.poll(async () => pixelsNear(await screenshotPixels(chart), relu, 24), { timeout: 10_000, interval: 200 }).toBeGreaterThan(100);
    expect(await page.getByTestId('batch-loss-unrecorded').count()).toBe(0);
  });

  it('says a snapshot written before it was saved has no per-batch record', async () => {
    await open(older);
    await page.getByTestId('batch-loss-unrecorded').waitFor();
    expect(await page.getByTestId('batch-loss-unrecorded').innerText()).toMatch(/Not recorded: this snapshot was saved before/);
    expect(await page.getByTestId('batch-loss-chart').count()).toBe(0);
  });
});
