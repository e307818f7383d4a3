/** What a user does in the app, as Playwright steps shared by the e2e test and the screenshot script. */
import type { Page } from 'playwright-core';
import { typeInto } from './lab-page.ts';

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
