/** An e2e test's app: the web host, a snapshot the CLI trained into the host's data folder, and Chromium to drive it. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserSession } from './browser.ts';
import { trainSnapshot } from './lab-actions.ts';
import { waitForLabState } from './lab-page.ts';
import { startWebHostProcess, type WebHostProcess } from './web-host-process.ts';

export interface AppWithSnapshot {
  host: WebHostProcess;
  browser: BrowserSession;
  page: Page;
  /** The trained snapshot's path, inside the host's data folder (so the app may open it). */
  snapshot: string;
  stop(): Promise<void>;
}

/** Starts the host, trains `name` with `train …trainArgs`, and opens a browser (15 s per step). */
export async function startAppWithSnapshot(name: string, trainArgs: readonly string[]): Promise<AppWithSnapshot> {
  const host = await startWebHostProcess();
  try {
    const snapshot = join(host.dataDir, name);
    await trainSnapshot(snapshot, trainArgs);
    const browser = await launchBrowser();
    browser.page.setDefaultTimeout(15_000);
    return {
      host,
      browser,
      page: browser.page,
      snapshot,
      stop: async () => {
        await browser.close();
        await host.stop();
      },
    };
  } catch (error) {
    await host.stop();
    throw error;
  }
}

/** Loads the app and waits for its connection to the host. */
export async function loadApp(app: AppWithSnapshot): Promise<void> {
  await app.page.goto(app.host.url, { waitUntil: 'load', timeout: 30_000 });
  await waitForLabState(app.page, 'the connection to the host', (s) => s.connected);
}
