import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decodeWire, encodeWire, type WireMessage } from '../../src-main/contract.ts';
import type { AppEventListener, AppRequestHandler } from '../../src-main/host/app-service.ts';
import { tokenCookieName } from '../../src-main/host/web-access.ts';
import { startWebHost, type WebHost } from '../../src-main/host/web-host.ts';

/** Answers `list-presets`, refuses everything else; lets the test push events. */
class StandInService implements AppRequestHandler {
  readonly listeners = new Set<AppEventListener>();
  readonly requests: Array<{ name: string; payload: unknown }> = [];
  async handle(name: string, payload: unknown): Promise<unknown> {
    this.requests.push({ name, payload });
    if (name === 'list-presets') return [{ name: 'tiny', description: 'small' }];
    throw new Error(`The stand-in cannot answer ${name}.`);
  }
  onEvent(listener: AppEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP GET: the path is sent exactly as given, and the Host header can be chosen. */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket; resolves with the socket, or rejects with the refusal's status. */
function connect(url: string, origin?: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, ...(origin ? { origin } : {}) });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<WireMessage> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(decodeWire(data.toString()))));
}

let folder: string;
let staticDir: string;
let downloadsDir: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'lab-web-host-'));
  staticDir = join(folder, 'renderer');
  downloadsDir = join(folder, 'downloads');
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await mkdir(downloadsDir, { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Landscape Lab</title>');
  await writeFile(join(staticDir, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(join(folder, 'secret.txt'), 'TOP SECRET');
  await symlink(join(folder, 'secret.txt'), join(staticDir, 'linked-secret.txt'));
  await writeFile(join(downloadsDir, 'surface.csv'), 'x,y,loss\n');
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('the web host bound beyond loopback', () => {
  const service = new StandInService();
  let host: WebHost;
  let origin: string;

  beforeAll(async () => {
    host = await startWebHost({ service, host: '0.0.0.0', port: 0, staticDir, downloadsDir });
    origin = `http://127.0.0.1:${host.port}`;
  });
  afterAll(() => host.close());

  it('generates a long random token and prints it in the URL', () => {
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(host.url).toContain(`?token=${host.token}`);
  });

  it('refuses a page request without the token, or with a wrong one', async () => {
    expect((await get(host.port, '/')).status).toBe(401);
    expect((await get(host.port, '/?token=guess')).status).toBe(401);
    expect((await get(host.port, '/', { Cookie: `${tokenCookieName(host.port)}=guess` })).status).toBe(401);
    // A cookie of another host on this machine (cookies do not tell ports apart) is not this host's.
    expect((await get(host.port, '/', { Cookie: `${tokenCookieName(host.port + 1)}=${host.token}` })).status).toBe(401);
  });

  it('keeps the token of the first load in a strict HttpOnly cookie and sends the page to its address without it', async () => {
    const first = await get(host.port, `/?token=${host.token}&view=compare`);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/?view=compare');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain(`${tokenCookieName(host.port)}=${host.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(first.body).not.toContain('Landscape Lab');
  });

  it('serves the page with the cookie, with the CSP header', async () => {
    const reply = await get(host.port, '/', { Cookie: `other=1; ${tokenCookieName(host.port)}=${host.token}` });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>Landscape Lab</title>');
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(reply.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(reply.headers['set-cookie']).toBeUndefined();
    const asset = await get(host.port, '/assets/app-1234.js', { Cookie: `${tokenCookieName(host.port)}=${host.token}` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('refuses a WebSocket without the token, and accepts one with the page\'s cookie', async () => {
    await expect(connect(`ws://127.0.0.1:${host.port}/ws`, origin)).rejects.toThrow(/401/);
    await expect(connect(`ws://127.0.0.1:${host.port}/ws`, origin, { Cookie: `${tokenCookieName(host.port)}=guess` })).rejects.toThrow(/401/);
    const ws = await connect(`ws://127.0.0.1:${host.port}/ws`, origin, { Cookie: `${tokenCookieName(host.port)}=${host.token}` });
    ws.close();
  });

  it('refuses a WebSocket from a foreign or missing Origin even with the token', async () => {
    await expect(connect(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, 'http://evil.example')).rejects.toThrow(/403/);
    await expect(connect(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, `http://127.0.0.1:${host.port + 1}`)).rejects.toThrow(/403/);
    await expect(connect(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`)).rejects.toThrow(/403/);
  });

  it('answers requests and pushes events over the WebSocket end to end', async () => {
    const ws = await connect(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, origin);
    try {
      ws.send(encodeWire({ kind: 'request', id: 7, name: 'list-presets', payload: {} }));
      expect(await nextMessage(ws)).toEqual({ kind: 'response', id: 7, ok: true, result: [{ name: 'tiny', description: 'small' }] });

      ws.send(encodeWire({ kind: 'request', id: 8, name: 'start-training', payload: {} }));
      expect(await nextMessage(ws)).toEqual({ kind: 'response', id: 8, ok: false, error: 'The stand-in cannot answer start-training.' });

      const event = nextMessage(ws);
      for (const listener of service.listeners) listener({ name: 'engine-exit', payload: { reason: 'killed by SIGKILL', jobIds: ['a'] } });
      expect(await event).toEqual({ kind: 'event', name: 'engine-exit', payload: { reason: 'killed by SIGKILL', jobIds: ['a'] } });
    } finally {
      ws.close();
    }
  });

  it('serves exports from the downloads route only with the token, as attachments', async () => {
    expect((await get(host.port, '/downloads/surface.csv')).status).toBe(401);
    const first = await get(host.port, `/downloads/surface.csv?token=${host.token}`);
    expect([first.status, first.headers.location]).toEqual([302, '/downloads/surface.csv']);
    const reply = await get(host.port, '/downloads/surface.csv', { Cookie: `${tokenCookieName(host.port)}=${host.token}` });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('x,y,loss\n');
    expect(reply.headers['content-disposition']).toBe('attachment; filename="surface.csv"');
  });
});

describe('the web host on loopback', () => {
  const service = new StandInService();
  let host: WebHost;
  let cookie: Record<string, string>;

  beforeAll(async () => {
    host = await startWebHost({ service, port: 0, staticDir, downloadsDir });
    cookie = { Cookie: `${tokenCookieName(host.port)}=${host.token}` };
  });
  afterAll(() => host.close());

  it('needs its token there too (any local program can reach loopback), printed in its URL', async () => {
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect((await get(host.port, '/')).status).toBe(401);
    expect((await get(host.port, '/downloads/surface.csv')).status).toBe(401);
    expect((await get(host.port, '/', cookie)).status).toBe(200);
  });

  it('refuses a WebSocket from its own page without the token', async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    await expect(connect(`ws://127.0.0.1:${host.port}/ws`, origin)).rejects.toThrow(/401/);
    const ws = await connect(`ws://127.0.0.1:${host.port}/ws`, origin, cookie);
    ws.close();
  });

  it('refuses requests addressed to another host name (DNS rebinding), token or not', async () => {
    expect((await get(host.port, '/', { Host: `attacker.example:${host.port}`, ...cookie })).status).toBe(403);
    await expect(connect(`ws://127.0.0.1:${host.port}/ws`, 'http://attacker.example', cookie)).rejects.toThrow(/403/);
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/downloads/..%2f..%2fsecret.txt',
    '/linked-secret.txt',
  ])('never serves a file outside its folders: %s', async (path) => {
    const reply = await get(host.port, path, cookie);
    expect([403, 404]).toContain(reply.status);
    expect(reply.body).not.toContain('TOP SECRET');
  });

  it('lists no directories and accepts only GET and HEAD', async () => {
    expect((await get(host.port, '/assets/', cookie)).status).toBe(404);
    expect((await get(host.port, '/', cookie, 'POST')).status).toBe(405);
    const head = await get(host.port, '/', cookie, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});

describe('the web host on loopback with --no-token', () => {
  const service = new StandInService();
  let host: WebHost;

  beforeAll(async () => {
    host = await startWebHost({ service, port: 0, staticDir, downloadsDir, token: null });
  });
  afterAll(() => host.close());

  it('needs no token, but still answers only requests addressed to loopback', async () => {
    expect(host.token).toBeNull();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    expect((await get(host.port, '/')).status).toBe(200);
    expect((await get(host.port, '/', { Host: `attacker.example:${host.port}` })).status).toBe(403);
    const ws = await connect(`ws://127.0.0.1:${host.port}/ws`, `http://127.0.0.1:${host.port}`);
    ws.close();
  });
});

describe('starting the web host', () => {
  it('will not bind beyond loopback without a token', async () => {
    await expect(startWebHost({ service: new StandInService(), host: '0.0.0.0', port: 0, staticDir, downloadsDir, token: null })).rejects.toThrow(/requires an access token/);
  });
});
