import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    setupFiles: ['test/setup/backend.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // TensorFlow.js wasm is single-threaded; one worker per core keeps tests honest and fast.
    pool: 'forks',
    maxWorkers: 2,
  },
});
