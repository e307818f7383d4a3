/** What a user does in the app, as Playwright steps shared by the e2e test and the screenshot script. */
import type { Page } from 'playwright-core';
import { runCli } from '../../support/run-cli.ts';
import { typeInto, waitForLabState } from './lab-page.ts';

export interface ExperimentChoice {
  activations: readonly string[];
  preset: 'tiny' | 'quick' | 'seed';
  trainLimit: number;
  testLimit: number;
  epochs: number;
  name?: string;
}

/** Fills the setup panel (built-in MNIST) the way a user does; does not press Start. */
export async function chooseExperiment(page: Page, choice: ExperimentChoice): Promise<void> {
  if (choice.name) await typeInto(page.getByTestId('experiment-name'), choice.name);
  for (const id of choice.activations) await page.getByTestId(`activation-${id}`).check();
  await page.getByTestId('preset').selectOption(choice.preset);
  await typeInto(page.getByTestId('train-limit'), String(choice.trainLimit));
  await typeInto(page.getByTestId('test-limit'), String(choice.testLimit));
  await typeInto(page.getByTestId('epochs'), String(choice.epochs));
}

/**
 * On the Landscapes tab: a square grid and an evaluation subset, then (once
 * the cost estimate, which times a few points of each run, has shown) Compute.
 * Returns the estimate's text.
 */
export async function computeSurfaces(page: Page, grid: number, evaluationCount: number): Promise<string> {
  await page.getByTestId('tab-landscapes').click();
  await typeInto(page.getByTestId('grid-size'), String(grid));
  await typeInto(page.getByTestId('evaluation-count'), String(evaluationCount));
  const estimate = page.getByTestId('surface-estimate').filter({ hasText: '≈' });
  await estimate.waitFor({ timeout: 120_000 });
  const text = await estimate.innerText();
  await page.getByTestId('compute-surfaces').click();
  return text;
}

/** Trains a snapshot with the CLI (built-in MNIST, no progress) for a test to open: `train …args --out path`. */
export async function trainSnapshot(path: string, args: readonly string[]): Promise<void> {
  const trained = await runCli(['train', '--data', 'mnist', ...args, '--out', path, '--no-progress']);
  if (trained.code !== 0) throw new Error(`Training the snapshot failed: ${trained.stderr}`);
}

/** Opens a snapshot by its path, as a user types it into Open…, and waits until its runs are in the app. */
export async function openSnapshotByPath(page: Page, path: string, runs: number): Promise<void> {
  await page.getByTestId('open-snapshot').click();
  await typeInto(page.getByTestId('open-path'), path);
  await page.getByTestId('open-path').press('Enter');
  await waitForLabState(page, 'the opened snapshot', (s) => s.runs.length === runs, { timeoutMs: 60_000 });
}
