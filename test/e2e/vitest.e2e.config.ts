/**
 * End-to-end tests: the built renderer in headless Chromium against the web
 * host and its real engine (`npm run test:e2e`). One file at a time: the
 * machine's cores belong to the engine and the browser.
 */
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    // Every wait inside a test has its own, shorter timeout with a precise message; these are the backstops.
    testTimeout: 240_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
