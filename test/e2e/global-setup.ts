/** Builds the app once before the e2e tests (LAB_E2E_SKIP_BUILD=1 reuses out/ as it is). */
import { buildApp } from './support/build-app.ts';

export default function setup(): void {
  if (process.env.LAB_E2E_SKIP_BUILD === '1') return;
  const started = performance.now();
  buildApp();
  console.log(`e2e: built the app in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
