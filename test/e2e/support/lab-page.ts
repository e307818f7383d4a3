/**
 * Reading the app in the browser: its `window.__labState` summary, waits on
 * it that fail with the last state and the app's own error message instead
 * of hanging, the long tasks the page recorded, and element screenshots as
 * pixels. Page functions run in Chromium; they reach its globals through
 * `globalThis` because this project's Node tsconfig has no DOM types.
 */
import type { Locator, Page } from 'playwright-core';
import type { LabStateSummary } from '../../../src-renderer/lib/lab-state.ts';
import { decodePng, type RgbaImage } from './png.ts';

export type { LabStateSummary };

export interface LongTask {
  /** ms since the page's time origin */
  start: number;
  /** ms */
  duration: number;
}

interface LabGlobals {
  __labState?: LabStateSummary;
  __labLongTasks?: LongTask[];
  PerformanceObserver: new (callback: (list: { getEntries(): Array<{ startTime: number; duration: number }> }) => void) => {
    observe(options: { type: string; buffered: boolean }): void;
  };
  performance: { now(): number };
}

export async function labState(page: Page): Promise<LabStateSummary> {
  const state = await page.evaluate(() => (globalThis as unknown as LabGlobals).__labState ?? null);
  if (!state) throw new Error('The page has no window.__labState: the app did not start.');
  return state;
}

export class AppError extends Error {
  override name = 'AppError';
}

/**
 * Polls the app's state until `done` holds. Fails at once when the app shows
 * an error the test did not expect, and after `timeoutMs` with the last state.
 */
export async function waitForLabState(
  page: Page,
  what: string,
  done: (state: LabStateSummary) => boolean,
  options: { timeoutMs?: number; onState?: (state: LabStateSummary) => void; allowError?: boolean } = {},
): Promise<LabStateSummary> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const errorBefore = options.allowError ? undefined : (await labState(page).catch(() => null))?.lastError;
  let last: LabStateSummary | null = null;
  for (;;) {
    last = await labState(page).catch(() => last);
    if (last) {
      options.onState?.(last);
      if (done(last)) return last;
      if (last.fault && !options.allowError) throw new AppError(`While waiting for ${what}, the interface failed: ${last.fault}`);
      if (!options.allowError && last.lastError && last.lastError !== errorBefore) {
        throw new AppError(`While waiting for ${what}, the app showed an error: ${last.lastError}`);
      }
      const failed = last.runs.find((r) => r.status === 'failed' || r.status === 'diverged');
      if (failed) throw new AppError(`While waiting for ${what}, run ${failed.id} ended as ${failed.status}.`);
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}. Last app state: ${JSON.stringify(last)}`);
    }
    await page.waitForTimeout(150);
  }
}

/** Starts recording the page's long tasks (buffered: earlier ones are kept too). */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as LabGlobals;
    if (g.__labLongTasks) return;
    const tasks: LongTask[] = [];
    g.__labLongTasks = tasks;
    new g.PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks recorded so far that overlap [from, to] (page clock, ms). */
export async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTask[]> {
  const tasks = await page.evaluate(() => (globalThis as unknown as LabGlobals).__labLongTasks ?? null);
  if (!tasks) throw new Error('Long tasks were not being recorded (call recordLongTasks first).');
  return tasks.filter((t) => t.start + t.duration >= from && t.start <= to);
}

/** The page's clock (performance.now(), ms). */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as LabGlobals).performance.now());
}

/** A screenshot of an element as it shows on screen (overlays included), as pixels. */
export async function screenshotPixels(locator: Locator): Promise<RgbaImage> {
  return decodePng(await locator.screenshot({ animations: 'disabled', timeout: 15_000 }));
}

/** The colour a run is drawn in everywhere (the run list's swatch carries it). */
export async function runColour(page: Page, runId: string): Promise<string> {
  const style = (await page.getByTestId(`run-${runId}`).locator('.swatch').getAttribute('style', { timeout: 10_000 })) ?? '';
  const match = /--run-color:\s*(#[0-9a-f]{6})/i.exec(style);
  if (!match) throw new Error(`Run ${runId} shows no colour (swatch style: "${style}").`);
  return match[1];
}

/** What the first job's progress bar shows, in percent (null: indeterminate or no job). */
export async function progressPercent(page: Page): Promise<number | null> {
  const value = await page.getByTestId('progress').getAttribute('aria-valuenow', { timeout: 2000 }).catch(() => null);
  return value === null ? null : Number(value);
}

/** Fills a number field the way a user does: select all, type, leave the field. */
export async function typeInto(locator: Locator, text: string): Promise<void> {
  await locator.fill(text, { timeout: 10_000 });
  await locator.blur();
}
