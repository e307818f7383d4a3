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
import { loadApp, startAppWithSnapshot, type AppWithSnapshot } from './support/app-with-snapshot.ts';
import { runColour, screenshotPixels, typeInto, waitForLabState } from './support/lab-page.ts';
import { parseHexColour, pixelsNear } from './support/png.ts';

let app: AppWithSnapshot;
let page: Page;
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
  app = await startAppWithSnapshot('batches.lab', ['--preset', 'tiny', '--activations', 'relu', '--epochs', '2', '--batch-size', '32', '--train-limit', '320', '--test-limit', '64']);
  page = app.page;
  older = join(app.host.dataDir, 'older.lab');
  await withoutBatchLoss(app.snapshot, older);
  await loadApp(app);
}, 240_000);

afterAll(async () => {
  await app?.stop();
});

describe('the running-loss chart of an opened snapshot', () => {
  it('draws the saved running loss per batch', async () => {
    await open(app.snapshot);
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
