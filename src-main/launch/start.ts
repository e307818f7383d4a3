/**
 * `npm start`: builds the app, then runs it in Electron, or, where Electron
 * cannot run (its binary could not be downloaded, no display), says so
 * plainly and serves the same app to a browser instead.
 *
 *   npm start [-- file.lab …]        desktop app, opening the files given
 *   npm start -- --web [--host H] [--port P] [--open] [--no-token] [--allow-folder F]   the web host
 */
import { spawn, spawnSync } from 'node:child_process';
import { resolve, join } from 'node:path';
import { parseWebHostArgs, runWebHost } from '../host/web-host-command.ts';
import { findElectronBinary, hasDisplay, installElectronBinary } from './electron-binary.ts';

const root = resolve(import.meta.dirname, '..', '..');
const WEB_FLAGS_WITH_VALUE = new Set(['--host', '--port', '--static-dir', '--backend', '--allow-folder']);
const WEB_SWITCHES = new Set(['--open', '--no-token']);

function build(): void {
  console.log('Building Landscape Lab…');
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [bin, 'build', '--config', join(root, 'electron.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The build failed (see above); nothing was started.');
    process.exit(result.status ?? 1);
  }
}

/** The arguments the web host understands; snapshot files and Electron switches are left out. */
function webArgs(args: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [flag] = args[i].split('=');
    if (WEB_FLAGS_WITH_VALUE.has(flag)) {
      kept.push(args[i]);
      if (!args[i].includes('=') && i + 1 < args.length) kept.push(args[++i]);
    } else if (WEB_SWITCHES.has(flag)) {
      kept.push(flag);
    } else if (args[i].toLowerCase().endsWith('.lab')) {
      console.log(`(${args[i]} is not opened automatically in the browser: open it from the app's Open menu.)`);
    }
  }
  return kept;
}

async function startWeb(args: string[], why: string | null): Promise<void> {
  const options = parseWebHostArgs(webArgs(args));
  if (why) console.log(`${why} Starting the web host instead: open the address it prints below (its token included) in a browser.`);
  await runWebHost(options);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const forceWeb = args.includes('--web');
  const rest = args.filter((arg) => arg !== '--web');
  build();
  if (forceWeb) return startWeb(rest, null);

  let binary = findElectronBinary(root);
  if (!binary.ok) {
    console.log(`Electron's binary is missing (${binary.reason}); trying to download it once…`);
    const failure = await installElectronBinary(root);
    binary = findElectronBinary(root);
    if (!binary.ok) {
      return startWeb(rest, `Electron's binary is not installed (it could not be downloaded: ${failure ?? binary.reason}).`);
    }
  }
  if (!hasDisplay()) return startWeb(rest, 'There is no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset).');

  const electron = spawn(binary.path, [root, ...rest], { cwd: root, stdio: 'inherit' });
  electron.on('error', (error) => void startWeb(rest, `Electron could not start (${error.message}).`));
  electron.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => electron.kill(signal));
}

main().catch((error: unknown) => {
  console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
