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
import { accessTokenFor } from './web-access.ts';
import { createWebFiles } from './web-files.ts';
import { DEFAULT_WEB_PORT, startWebHost, type WebHost } from './web-host.ts';

const REPOSITORY = resolve(import.meta.dirname, '..', '..');

export interface WebHostCommandOptions {
  host: string;
  port: number;
  open: boolean;
  staticDir: string;
  backend?: string;
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
    .option('--host <address>', 'address to bind; anything but loopback requires the printed token', '127.0.0.1')
    .option('--port <n>', 'port', parsePort, DEFAULT_WEB_PORT)
    .option('--open', 'open the app in the default browser', false)
    .option('--static-dir <folder>', 'the built renderer', join(REPOSITORY, 'out', 'renderer'))
    .option('--backend <name>', 'force a TensorFlow.js backend: node-gpu | node | wasm | cpu')
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
  const token = accessTokenFor(options.host);
  const downloadsDir = join(appDataDir(), 'downloads');
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  const files = createWebFiles({
    snapshotsDir: join(appDataDir(), 'snapshots'),
    downloadsDir,
    downloadUrl: (name) => `/downloads/${encodeURIComponent(name)}${query}`,
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
  console.log(`Landscape Lab is served at ${urls.join('  ')}`);
  if (token) console.log('Anyone with this address (token included) can use the app and the files of this account: share it with care.');
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
