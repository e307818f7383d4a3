/** Builds the app (electron-vite: main, preload, renderer) the way `npm run serve` does before serving. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './web-host-process.ts';

export function buildApp(timeoutMs = 180_000): void {
  const bin = join(REPOSITORY_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [bin, 'build', '--config', join(REPOSITORY_ROOT, 'electron.config.ts'), '--logLevel', 'warn'], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status}`;
    throw new Error(`The app did not build (${why}):\n${result.stdout}\n${result.stderr}`);
  }
}
