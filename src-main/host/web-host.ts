/**
 * The web host: serves the built renderer over HTTP and speaks the app
 * contract over a WebSocket at `/ws` (`WireMessage` frames), pushing every
 * event to every connected page. It is how the UI runs in a browser: for
 * end-to-end tests here, and to watch a remote GPU machine from a laptop.
 * Who may connect is decided by `web-access.ts`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { decodeWire, encodeWire, type WireMessage } from '../contract.ts';
import type { AppRequestHandler } from './app-events.ts';
import { contentSecurityPolicy, SECURITY_HEADERS } from './content-security-policy.ts';
import { resolveInside, sendFile } from './static-files.ts';
import { checkAccess, createAccessToken, isLoopbackHost, tokenCookie, tokenCookieName, withoutToken, type AccessPolicy } from './web-access.ts';

export const DEFAULT_WEB_PORT = 5178;
/** Large enough for a PNG of the 3D view at 2× (base64 in JSON); larger frames close the socket. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface WebHostOptions {
  service: AppRequestHandler;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 5178; 0 picks a free one). */
  port?: number;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** Exports served under /downloads/. */
  downloadsDir: string;
  /** The access token (generated when absent); null turns it off, which only loopback allows (`--no-token`). */
  token?: string | null;
}

export interface WebHost {
  /** The address to open, with the token when one is required. */
  url: string;
  host: string;
  port: number;
  token: string | null;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const text = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}

function plain(response: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const bindHost = options.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(bindHost);
  const token = options.token === undefined ? createAccessToken() : options.token;
  if (!loopback && !token) throw new Error(`Binding ${bindHost} (beyond loopback) requires an access token.`);
  // The cookie's name is set once the port is known (before any request can arrive).
  const policy: AccessPolicy = { token, loopback, cookieName: '' };

  const clients = new Set<WebSocket>();
  const baseHeaders = (request: IncomingMessage): Record<string, string> => {
    const hostHeader = request.headers.host ?? `${bindHost}`;
    return { ...SECURITY_HEADERS, 'Content-Security-Policy': contentSecurityPolicy({ connect: [`ws://${hostHeader}`, `wss://${hostHeader}`] }) };
  };

  const onRequest = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const headers = baseHeaders(request);
    const access = checkAccess(request, policy);
    if (!access.ok) return plain(response, access.status, access.reason, headers);
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'Only GET and HEAD.', { ...headers, Allow: 'GET, HEAD' });
    if (access.fromQuery && policy.token) {
      // The first load: keep the token in the cookie and take it out of the address bar (and history).
      response.writeHead(302, { ...headers, 'Set-Cookie': tokenCookie(policy), Location: withoutToken(request.url ?? '/'), 'Cache-Control': 'no-store' });
      response.end();
      return;
    }
    const { pathname } = new URL(request.url ?? '/', 'http://host.invalid');
    const downloads = pathname.startsWith('/downloads/');
    const root = downloads ? options.downloadsDir : options.staticDir;
    const file = await resolveInside(root, downloads ? pathname.slice('/downloads'.length) : pathname === '/' ? '/index.html' : pathname);
    if (file === 'forbidden') return plain(response, 403, 'Forbidden.', headers);
    if (file === 'not-found') return plain(response, 404, 'Not found.', headers);
    if (downloads) headers['Content-Disposition'] = `attachment; filename="${file.split(/[\\/]/).pop()!.replace(/"/g, '')}"`;
    // Built assets carry a content hash in their name; the page itself must always be fresh.
    headers['Cache-Control'] = pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    await sendFile(response, file, headers, request.method === 'HEAD');
  };

  const server = createServer((request, response) => {
    onRequest(request, response).catch((error: unknown) => {
      if (!response.headersSent) plain(response, 500, 'Internal error.', baseHeaders(request));
      else response.destroy();
      console.error('web host:', error);
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (request, socket, head) => {
    const { pathname } = new URL(request.url ?? '/', 'http://host.invalid');
    if (pathname !== '/ws') return refuseUpgrade(socket, 404, 'Not found.');
    const access = checkAccess(request, policy, true);
    if (!access.ok) return refuseUpgrade(socket, access.status, access.reason);
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  sockets.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.on('message', (data: RawData) => void answer(ws, data));
  });

  const answer = async (ws: WebSocket, data: RawData): Promise<void> => {
    let message: WireMessage;
    try {
      message = decodeWire(data.toString());
    } catch {
      ws.close(1007, 'Malformed message.');
      return;
    }
    if (message.kind !== 'request' || typeof message.id !== 'number') return;
    let reply: WireMessage;
    try {
      reply = { kind: 'response', id: message.id, ok: true, result: await options.service.handle(message.name, message.payload) };
    } catch (error) {
      reply = { kind: 'response', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (ws.readyState === ws.OPEN) ws.send(encodeWire(reply));
  };

  const unsubscribe = options.service.onEvent((event) => {
    if (clients.size === 0) return;
    const text = encodeWire({ kind: 'event', name: event.name, payload: event.payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_WEB_PORT, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  policy.cookieName = tokenCookieName(port);
  const shownHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const url = `http://${shownHost}:${port}/${policy.token ? `?token=${policy.token}` : ''}`;

  return {
    url,
    host: bindHost,
    port,
    token: policy.token,
    close: async () => {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
