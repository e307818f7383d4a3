/**
 * The web host as a user starts it (`npm run serve` runs the same
 * `src-main/host/serve.ts` after the build), in a child process of its own:
 * a free port, its data and cache folders in a fresh temporary folder, and
 * everything it prints kept, so a failing test can show it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPOSITORY_ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface WebHostProcess {
  /** The address it printed, to open: http://127.0.0.1:<port>/?token=… (no token with `--no-token`). */
  url: string;
  /** The access token in that address, or null. */
  token: string | null;
  /** LAB_DATA_DIR of the host: snapshots/, working/, downloads/ live here. */
  dataDir: string;
  /** Everything the host (and its engines) printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Stops the host and its engines and removes its folders. */
  stop(): Promise<void>;
}

export interface WebHostProcessOptions {
  /** TensorFlow.js backend for the engines (default wasm: what a machine without native TensorFlow gets). */
  backend?: string;
  /** Give up when the host has not printed its address after this long. */
  startTimeoutMs?: number;
  /** More arguments for serve.ts (`--no-token`, `--allow-folder F`, `--static-dir D`). */
  args?: string[];
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });
}

/** Kills the host's whole process group (the host and the engines it forked). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export async function startWebHostProcess(options: WebHostProcessOptions = {}): Promise<WebHostProcess> {
  const folder = await mkdtemp(join(tmpdir(), 'lab-e2e-host-'));
  const dataDir = join(folder, 'data');
  const cacheDir = join(folder, 'cache');
  await mkdir(dataDir, { recursive: true });
  await mkdir(cacheDir, { recursive: true });
  let log = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join('src-main', 'host', 'serve.ts'), '--host', '127.0.0.1', '--port', '0', ...(options.args ?? [])], {
    cwd: REPOSITORY_ROOT,
    // Its own process group, so stopping it also stops the engine processes it forked.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LAB_DATA_DIR: dataDir, LAB_CACHE_DIR: cacheDir, LAB_BACKEND: options.backend ?? 'wasm' },
  });
  // Should this process end without stopping the host (a crash, Ctrl-C), the host must not outlive it.
  const orphanGuard = (): void => killGroup(child, 'SIGKILL');
  process.once('exit', orphanGuard);
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (log += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (log += text));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      // SIGTERM lets the host dispose its engine and close its sockets; the group kill catches stragglers.
      child.kill('SIGTERM');
      await waitForExit(child, 5000);
    }
    killGroup(child, 'SIGKILL');
    process.off('exit', orphanGuard);
    await rm(folder, { recursive: true, force: true });
  };

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`The web host printed no address within ${timeoutMs / 1000} s.`)), timeoutMs);
      const look = (): void => {
        const match = /served at (http:\/\/\S+)/.exec(log);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1]);
        }
      };
      child.stdout!.on('data', look);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`The web host exited before serving (${signal ?? `exit code ${code}`}).`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    return { url, token: new URL(url).searchParams.get('token'), dataDir, output: () => log, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- web host output ---\n${log}`, { cause: error });
  }
}
