import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bridgeEventName as contractEventName, bridgeMethodName as contractMethodName, EVENT_NAMES, REQUEST_NAMES, type LabBridge } from '../../src-main/contract/app.ts';
import { decodeWire, encodeWire } from '../../src-main/contract/wire.ts';
import { bridgeEventName, bridgeMethodName, createBridgeApi } from '../../src-renderer/lib/api/bridge-api.ts';
import { createWsApi, webSocketUrl, type SocketHandlers } from '../../src-renderer/lib/api/ws-api.ts';

/** A socket the test opens, feeds and closes by hand. */
class FakeSocket {
  sent: string[] = [];
  closed = false;
  constructor(readonly url: string, readonly handlers: SocketHandlers) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  requests() {
    return this.sent.map((text) => decodeWire(text));
  }
  respond(id: number, result: unknown) {
    this.handlers.message(encodeWire({ kind: 'response', id, ok: true, result }));
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const client = createWsApi({
    url: 'ws://127.0.0.1:8080/ws',
    createSocket: (url, handlers) => {
      const socket = new FakeSocket(url, handlers);
      sockets.push(socket);
      return socket;
    },
    initialDelayMs: 100,
    maxDelayMs: 1000,
    queueTimeoutMs: 5000,
    now: () => 0,
  });
  return { client, sockets, last: () => sockets[sockets.length - 1] };
}

describe('bridge API', () => {
  it('names methods and events exactly as the contract does', () => {
    for (const name of REQUEST_NAMES) expect(bridgeMethodName(name)).toBe(contractMethodName(name));
    for (const name of EVENT_NAMES) expect(bridgeEventName(name)).toBe(contractEventName(name));
  });

  it('calls the named bridge function and subscribes through on<Event>', async () => {
    const listeners: Array<(p: unknown) => void> = [];
    const bridge = {
      startTraining: vi.fn(async () => ({ jobId: 'j1' })),
      onEpochFinished: (listener: (p: unknown) => void) => {
        listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      },
    } as unknown as LabBridge;
    const api = createBridgeApi(bridge);
    expect(api.host).toBe('electron');
    await expect(api.request('start-training', { experiment: { data: {}, runs: [] } as never })).resolves.toEqual({ jobId: 'j1' });
    const seen: unknown[] = [];
    const off = api.on('epoch-finished', (p) => seen.push(p));
    listeners[0]({ runId: 'relu' });
    off();
    expect(seen).toEqual([{ runId: 'relu' }]);
    expect(listeners).toHaveLength(0);
  });

  it('rejects a request the bridge does not offer with a readable message', async () => {
    const api = createBridgeApi({} as LabBridge);
    await expect(api.request('list-reports', {})).rejects.toThrow(/does not offer "list-reports"/);
  });
});

describe('WebSocket API', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('builds the socket URL from the page location, carrying its token', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:8080', search: '' })).toBe('ws://127.0.0.1:8080/ws');
    expect(webSocketUrl({ protocol: 'https:', host: 'gpu.lab:443', search: '?token=a b&x=1' })).toBe('wss://gpu.lab:443/ws?token=a%20b');
  });

  it('queues requests until the socket opens, then matches responses by id', async () => {
    const { client, last } = harness();
    const info = client.api.request('get-app-info', {});
    const presets = client.api.request('list-presets', {});
    expect(last().sent).toHaveLength(0);
    last().handlers.open();
    const [a, b] = last().requests() as Array<{ id: number; name: string }>;
    expect([a.name, b.name]).toEqual(['get-app-info', 'list-presets']);
    last().respond(b.id, [{ name: 'quick', description: 'small' }]);
    last().respond(a.id, { appVersion: '1' });
    await expect(presets).resolves.toEqual([{ name: 'quick', description: 'small' }]);
    await expect(info).resolves.toEqual({ appVersion: '1' });
  });

  it('turns an error response into a rejected promise with the host\'s message', async () => {
    const { client, last } = harness();
    last().handlers.open();
    const request = client.api.request('open-report', { name: 'x' });
    const { id } = last().requests()[0] as { id: number };
    last().handlers.message(encodeWire({ kind: 'response', id, ok: false, error: 'No report named x.' }));
    await expect(request).rejects.toThrow('No report named x.');
  });

  it('delivers events to their listeners, typed arrays and non-finite numbers intact', () => {
    const { client, last } = harness();
    last().handlers.open();
    const seen: unknown[] = [];
    const off = client.api.on('epoch-finished', (p) => seen.push(p));
    const payload = { jobId: 'j', runId: 'r', record: { trainLoss: Infinity, grid: Float32Array.from([1, NaN]) } };
    last().handlers.message(encodeWire({ kind: 'event', name: 'epoch-finished', payload }));
    off();
    last().handlers.message(encodeWire({ kind: 'event', name: 'epoch-finished', payload }));
    expect(seen).toHaveLength(1);
    const got = seen[0] as { record: { trainLoss: number; grid: Float32Array } };
    expect(got.record.trainLoss).toBe(Infinity);
    expect(got.record.grid).toBeInstanceOf(Float32Array);
    expect(Number.isNaN(got.record.grid[1])).toBe(true);
  });

  it('rejects requests in flight when the connection drops, and reports the drop', async () => {
    const { client, last } = harness();
    const states: string[] = [];
    client.connection.subscribe((s) => states.push(s.status));
    last().handlers.open();
    const request = client.api.request('list-recent', {});
    last().handlers.close(1006, '');
    await expect(request).rejects.toThrow(/lost before "list-recent" answered/);
    expect(client.connection.state).toMatchObject({ status: 'closed', reason: 'connection refused or lost' });
    expect(states).toEqual(['open', 'closed']);
  });

  it('reconnects with exponential backoff and resets it after a success', () => {
    const { client, sockets, last } = harness();
    last().handlers.close(1006, '');
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    last().handlers.close(1006, '');
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    last().handlers.open();
    expect(client.connection.state.status).toBe('open');
    last().handlers.close(1001, 'going away');
    expect(client.connection.state).toMatchObject({ status: 'closed', reason: 'going away' });
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(4);
  });

  it('sends requests made while disconnected once reconnected, or fails them after the timeout', async () => {
    const { client, last } = harness();
    last().handlers.close(1006, '');
    const early = client.api.request('list-recent', {});
    vi.advanceTimersByTime(100);
    last().handlers.open();
    const { id } = last().requests()[0] as { id: number };
    last().respond(id, ['a.lab']);
    await expect(early).resolves.toEqual(['a.lab']);

    last().handlers.close(1006, '');
    const late = client.api.request('list-recent', {});
    const assertion = expect(late).rejects.toThrow(/Not connected/);
    vi.advanceTimersByTime(5000);
    await assertion;
  });

  it('stops for good when disposed', async () => {
    const { client, sockets, last } = harness();
    last().handlers.open();
    const request = client.api.request('list-recent', {});
    client.dispose();
    await expect(request).rejects.toThrow(/closed/);
    expect(last().closed).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
  });
});
