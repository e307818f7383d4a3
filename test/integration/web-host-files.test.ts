/**
 * The web host's files, end to end: a page holding the token (its cookie)
 * drives the real app service over the WebSocket, and may open, save and
 * export only inside the data folder and the folders the user added; a path
 * outside is refused with a message saying so, and nothing is written there.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decodeWire, encodeWire, type RequestName, type WireMessage } from '../../src-main/contract.ts';
import { AppService } from '../../src-main/host/app-service.ts';
import { tokenCookieName } from '../../src-main/host/web-access.ts';
import { createWebFiles } from '../../src-main/host/web-files.ts';
import { startWebHost, type WebHost } from '../../src-main/host/web-host.ts';
import { StandInEngine } from '../unit/host-fixtures.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7]);
const ORIGINAL = 'the user’s own file, not ours to overwrite';

let folder: string;
let dataDir: string;
let addedDir: string;
let outsideDir: string;
let host: WebHost;
let service: AppService;
let ws: WebSocket;
let nextId = 1;

/** Sends one request over the socket; resolves with the result or rejects with the host's message. */
function request(name: RequestName, payload: unknown): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer): void => {
      const message = decodeWire(data.toString()) as WireMessage;
      if (message.kind !== 'response' || message.id !== id) return;
      ws.off('message', onMessage);
      if (message.ok) resolve(message.result);
      else reject(new Error(message.error));
    };
    ws.on('message', onMessage);
    ws.send(encodeWire({ kind: 'request', id, name, payload }));
  });
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'lab-web-files-'));
  dataDir = join(folder, 'data');
  addedDir = join(folder, 'added');
  outsideDir = join(folder, 'data-elsewhere');
  const staticDir = join(folder, 'renderer');
  for (const dir of [dataDir, addedDir, outsideDir, staticDir]) await mkdir(dir, { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Landscape Lab</title>');
  await writeFile(join(dataDir, 'run.lab'), 'snapshot bytes');
  await writeFile(join(outsideDir, 'keep.png'), ORIGINAL);
  await writeFile(join(outsideDir, 'other.lab'), 'someone else’s snapshot');
  // A link inside an allowed folder that leads out of it.
  await symlink(outsideDir, join(addedDir, 'way-out'));

  const engine = new StandInEngine();
  engine.autoAnswer.set('inspect', (job) => ({ path: (job as { snapshot: string }).snapshot, header: { name: 'run' }, runs: [], surfaces: [] }));
  const files = createWebFiles({
    snapshotsDir: join(dataDir, 'snapshots'),
    downloadsDir: join(dataDir, 'downloads'),
    downloadUrl: (name) => `/downloads/${name}`,
    allowedFolders: () => [dataDir, addedDir],
    settingsFile: join(dataDir, 'settings.json'),
  });
  service = await AppService.create({ engine, host: 'web', files, dataDir, cacheDir: join(folder, 'cache') });
  host = await startWebHost({ service, port: 0, staticDir, downloadsDir: join(dataDir, 'downloads') });
  const origin = `http://127.0.0.1:${host.port}`;
  ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { origin, headers: { Cookie: `${tokenCookieName(host.port)}=${host.token}` } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  await request('open-snapshot', { path: join(dataDir, 'run.lab') });
});

afterAll(async () => {
  ws?.close();
  await host?.close();
  service?.dispose();
  await rm(folder, { recursive: true, force: true });
});

describe('files from the web host, with the token', () => {
  it('refuses a PNG export to a path outside the allowed folders and leaves that file untouched', async () => {
    const target = join(outsideDir, 'keep.png');
    await expect(request('export', { format: 'png', png: PNG, path: target })).rejects.toThrow(
      new RegExp(`${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is outside the folders the web host may use.*nothing was read or written`),
    );
    expect(await readFile(target, 'utf8')).toBe(ORIGINAL);
  });

  it('refuses an export through a link that leads out of an allowed folder', async () => {
    await expect(request('export', { format: 'png', png: PNG, path: join(addedDir, 'way-out', 'keep.png') })).rejects.toThrow(/outside the folders/);
    await expect(request('export', { format: 'png', png: PNG, path: join(addedDir, 'way-out', 'new.png') })).rejects.toThrow(/outside the folders/);
    expect(await readFile(join(outsideDir, 'keep.png'), 'utf8')).toBe(ORIGINAL);
    expect(existsSync(join(outsideDir, 'new.png'))).toBe(false);
  });

  it('refuses to save a snapshot outside, writing nothing, and saves in a folder the user added', async () => {
    const outside = join(outsideDir, 'copy.lab');
    await expect(request('save-snapshot', { path: outside })).rejects.toThrow(/outside the folders the web host may use/);
    await expect(request('save-snapshot', { path: '/tmp/../' + outside.slice(1) })).rejects.toThrow(/outside the folders/);
    expect(existsSync(outside)).toBe(false);

    const inside = join(addedDir, 'copy.lab');
    expect(await request('save-snapshot', { path: inside })).toEqual({ path: inside });
    expect(await readFile(inside, 'utf8')).toBe('snapshot bytes');
  });

  it('writes a PNG export inside an allowed folder', async () => {
    const target = join(addedDir, 'view.png');
    expect(await request('export', { format: 'png', png: PNG, path: target })).toEqual({ path: target, url: null });
    expect(new Uint8Array(await readFile(target))).toEqual(PNG);
  });

  it('refuses to open or probe a snapshot outside: an existing and a missing file get the same answer', async () => {
    const existing = await request('open-snapshot', { path: join(outsideDir, 'other.lab') }).catch((error: Error) => error.message);
    const missing = await request('open-snapshot', { path: join(outsideDir, 'no-such.lab') }).catch((error: Error) => error.message);
    expect(existing).toMatch(/outside the folders the web host may use/);
    expect(missing).toMatch(/outside the folders the web host may use/);
    expect(missing).not.toMatch(/There is no snapshot/);
  });

  it('says where folders are added', async () => {
    await expect(request('export', { format: 'png', png: PNG, path: join(outsideDir, 'where.png') })).rejects.toThrow(
      `add its folder to "webHostFolders" in ${join(dataDir, 'settings.json')}, or start the host with --allow-folder`,
    );
  });
});
