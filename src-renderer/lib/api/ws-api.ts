/**
 * LabApi over a WebSocket to the web host: `WireMessage` frames (the
 * contract's codec keeps typed arrays and non-finite numbers), numbered
 * requests, events by name. A dropped connection rejects the requests in
 * flight (their answers are lost with it), reconnects with exponential
 * backoff, and reports every change through its ConnectionMonitor.
 *
 * The socket itself comes from a factory, so this module needs no DOM and
 * tests drive it with a fake socket.
 */
import type { EventMap, EventName, LabApi, RequestName, RequestPayload, ResponseMap } from '../../../src-main/contract/app.ts';
import { decodeWire, encodeWire, type WireMessage } from '../../../src-main/contract/wire.ts';
import type { ConnectionMonitor, ConnectionState } from './connection.ts';

export interface SocketLike {
  send(data: string): void;
  close(): void;
}

export interface SocketHandlers {
  open(): void;
  message(data: string): void;
  close(code: number, reason: string): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

export interface WsApiOptions {
  url: string;
  createSocket: SocketFactory;
  /** First reconnection delay; doubles per failed attempt up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** How long a request made while disconnected waits for a connection before it fails. */
  queueTimeoutMs?: number;
  now?: () => number;
}

export interface WsClient {
  api: LabApi;
  connection: ConnectionMonitor;
  /** Closes for good (no reconnection); pending requests are rejected. */
  dispose(): void;
}

/** `ws(s)://<host>/ws`, carrying the page's `?token=` (the web host prints it with the URL) when there is one. */
export function webSocketUrl(location: { protocol: string; host: string; search: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(location.search).get('token');
  return `${scheme}://${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

interface Pending {
  name: string;
  text: string;
  sent: boolean;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout> | null;
}

export function createWsApi(options: WsApiOptions): WsClient {
  const initialDelay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const queueTimeout = options.queueTimeoutMs ?? 20_000;
  const now = options.now ?? Date.now;

  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = { status: 'connecting', attempt: 0 };
  let socket: SocketLike | null = null;
  let open = false;
  let attempt = 0;
  let nextId = 1;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  const setState = (next: ConnectionState): void => {
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const send = (entry: Pending): void => {
    if (!socket || !open) return;
    socket.send(entry.text);
    entry.sent = true;
    if (entry.timer !== null) clearTimeout(entry.timer);
    entry.timer = null;
  };

  const settle = (id: number): Pending | undefined => {
    const entry = pending.get(id);
    if (!entry) return undefined;
    pending.delete(id);
    if (entry.timer !== null) clearTimeout(entry.timer);
    return entry;
  };

  const handleMessage = (text: string): void => {
    let message: WireMessage;
    try {
      message = decodeWire(text);
    } catch {
      console.warn('Ignoring a frame from the host that is not valid JSON.');
      return;
    }
    if (message.kind === 'response') {
      const entry = settle(message.id);
      if (!entry) return;
      if (message.ok) entry.resolve(message.result);
      else entry.reject(new Error(message.error));
    } else if (message.kind === 'event') {
      for (const listener of listeners.get(message.name) ?? []) {
        try {
          listener(message.payload);
        } catch (error) {
          console.error(`A listener of "${message.name}" failed:`, error);
        }
      }
    }
  };

  const connect = (): void => {
    if (disposed) return;
    retryTimer = null;
    setState({ status: 'connecting', attempt });
    let current: SocketLike | null = null;
    const handlers: SocketHandlers = {
      open() {
        if (disposed || socket !== current) return;
        open = true;
        attempt = 0;
        setState({ status: 'open' });
        for (const entry of pending.values()) if (!entry.sent) send(entry);
      },
      message(text) {
        if (socket === current) handleMessage(text);
      },
      close(code, reason) {
        // A late close of a socket already replaced is old news.
        if (socket !== current) return;
        open = false;
        socket = null;
        for (const [id, entry] of pending) {
          if (!entry.sent) continue;
          settle(id);
          entry.reject(new Error(`The connection to the host was lost before "${entry.name}" answered.`));
        }
        if (disposed) return;
        const delay = Math.min(maxDelay, initialDelay * 2 ** attempt);
        attempt++;
        const why = reason || (code === 1006 ? 'connection refused or lost' : `closed (code ${code})`);
        setState({ status: 'closed', retryAt: now() + delay, attempt, reason: why });
        retryTimer = setTimeout(connect, delay);
      },
    };
    try {
      current = options.createSocket(options.url, handlers);
      socket = current;
    } catch (error) {
      // An invalid URL or a refused scheme: treat it like a closed connection and retry later.
      current = { send() {}, close() {} };
      socket = current;
      handlers.close(1006, error instanceof Error ? error.message : String(error));
    }
  };

  const api: LabApi = {
    host: 'web',
    request<N extends RequestName>(name: N, payload: RequestPayload<N>): Promise<ResponseMap[N]> {
      if (disposed) return Promise.reject(new Error('The connection to the host is closed.'));
      const id = nextId++;
      return new Promise<ResponseMap[N]>((resolve, reject) => {
        const entry: Pending = {
          name,
          text: encodeWire({ kind: 'request', id, name, payload }),
          sent: false,
          resolve: resolve as (value: unknown) => void,
          reject,
          timer: null,
        };
        pending.set(id, entry);
        if (open) send(entry);
        else {
          entry.timer = setTimeout(() => {
            if (settle(id)) reject(new Error(`Not connected to the host: "${name}" could not be sent.`));
          }, queueTimeout);
        }
      });
    },
    on<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };

  const connection: ConnectionMonitor = {
    get state() {
      return state;
    },
    subscribe(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    retryNow() {
      if (disposed || open || state.status !== 'closed') return;
      if (retryTimer !== null) clearTimeout(retryTimer);
      connect();
    },
  };

  connect();

  return {
    api,
    connection,
    dispose() {
      disposed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      const s = socket;
      socket = null;
      open = false;
      s?.close();
      for (const id of [...pending.keys()]) settle(id)?.reject(new Error('The connection to the host is closed.'));
    },
  };
}
