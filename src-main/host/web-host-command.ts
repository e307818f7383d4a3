/**
 * `npm run serve`: the web host with its own engine, from command-line
 * arguments. Also what `npm start` falls back to where Electron cannot run.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { appDataDir } from '../user-folders.ts';
import { AppService, describeBackend } from './app-service.ts';
import { EngineClient } from '../engine-client/engine-client.ts';
import { SETTINGS_FILE, settingsFolders } from './allowed-folders.ts';
import { createAccessToken, isLoopbackHost } from './web-access.ts';
import { createWebFiles } from './web-files.ts';
import { DEFAULT_WEB_PORT, startWebHost, type WebHost } from './web-host.ts';

const REPOSITORY = resolve(import.meta.dirname, '..', '..');

export interface WebHostCommandOptions {
  host: string;
  port: number;
  open: boolean;
  staticDir: string;
  backend?: string;
  /** False with `--no-token`: no access token (loopback only, warned). */
  token: boolean;
  /** Folders beyond the data folder and the settings' that files may be opened, saved and exported in. */
  allowFolder: string[];
}

function collectFolder(folder: string, folders: string[]): string[] {
  return [...folders, resolve(folder)];
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}

export function parseWebHostArgs(argv: string[]): WebHostCommandOptions {
  const program = new Command()
    .name('serve')
    .description('Serve Landscape Lab to a browser (HTTP + WebSocket).')
    .option('--host <address>', 'address to bind (default loopback; elsewhere, anyone on the network with the URL can use it)', '127.0.0.1')
    .option('--port <n>', 'port', parsePort, DEFAULT_WEB_PORT)
    .option('--open', 'open the app in the default browser', false)
    .option('--static-dir <folder>', 'the built renderer', join(REPOSITORY, 'out', 'renderer'))
    .option('--backend <name>', 'force a TensorFlow.js backend: node-gpu | node | wasm | cpu')
    .option('--allow-folder <folder>', 'also allow opening, saving and exporting files in this folder (repeatable)', collectFolder, [])
    .option('--no-token', 'serve without an access token (loopback only): any program or user on this machine can then use the app and your files')
    .allowExcessArguments(false)
    .exitOverride();
  program.parse(argv, { from: 'user' });
  return program.opts<WebHostCommandOptions>();
}

/** The addresses a browser elsewhere can use when the host listens on every interface. */
function reachableUrls(host: WebHost): string[] {
  if (host.host !== '0.0.0.0' && host.host !== '::') return [host.url];
  const query = host.token ? `?token=${host.token}` : '';
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && a.family === 'IPv4')
    .map((a) => `http://${a!.address}:${host.port}/${query}`);
  return addresses.length ? addresses : [host.url];
}

export function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(command, args as string[], { detached: true, stdio: 'ignore' });
  child.on('error', (error) => console.log(`Could not open a browser (${error.message}); open the address above yourself.`));
  child.unref();
}

/** Starts engine, service and web host; stops them all on Ctrl-C. */
export async function runWebHost(options: WebHostCommandOptions): Promise<WebHost> {
  if (!existsSync(join(options.staticDir, 'index.html'))) {
    throw new Error(`The renderer is not built (no index.html in ${options.staticDir}); run the build first.`);
  }
  if (options.backend) process.env.LAB_BACKEND = options.backend;
  if (!options.token && !isLoopbackHost(options.host)) throw new Error(`--no-token is allowed on loopback only; binding ${options.host} requires the access token.`);
  const token = options.token ? createAccessToken() : null;
  const dataDir = appDataDir();
  const downloadsDir = join(dataDir, 'downloads');
  // Read again at every request: folders added to the settings apply without a restart.
  const allowedFolders = (): string[] => [dataDir, ...settingsFolders(dataDir), ...options.allowFolder];
  const files = createWebFiles({
    snapshotsDir: join(dataDir, 'snapshots'),
    downloadsDir,
    // The page holds the token in its cookie, so download links need none.
    downloadUrl: (name) => `/downloads/${encodeURIComponent(name)}`,
    allowedFolders,
    settingsFile: join(dataDir, SETTINGS_FILE),
  });
  const engine = new EngineClient();
  // Started now, so the backend is loaded by the time the page asks for it.
  engine.ready().then(
    (report) => console.log(`Engine backend: ${describeBackend(report).description}`),
    (error: unknown) => console.error(`The engine could not start: ${error instanceof Error ? error.message : String(error)}`),
  );
  const service = await AppService.create({ engine, host: 'web', files });
  const host = await startWebHost({ service, host: options.host, port: options.port, staticDir: options.staticDir, downloadsDir, token });
  const urls = reachableUrls(host);
  // The address comes last, where it is easy to find (and what scripts wait for).
  console.log(`Files may be opened, saved and exported in: ${allowedFolders().join(', ')}`);
  if (token) console.log('Anyone with this address (token included) can use the app and the files of those folders: share it with care.');
  else console.log('Warning: --no-token: any program or user on this machine can use the app and the files of those folders, without a token.');
  console.log(`Landscape Lab is served at ${urls.join('  ')}`);
  if (options.open) openInBrowser(urls[0]);
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(130);
    stopping = true;
    console.log('Stopping…');
    service.dispose();
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return host;
}
