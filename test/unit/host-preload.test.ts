import { beforeAll, describe, expect, it, vi } from 'vitest';
import { bridgeEventName, bridgeMethodName, EVENT_NAMES, REQUEST_NAMES } from '../../src-main/contract.ts';

const electron = vi.hoisted(() => {
  const exposed = new Map<string, Record<string, (...args: unknown[]) => unknown>>();
  return {
    exposed,
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) => exposed.set(key, api) },
    ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  };
});
vi.mock('electron', () => electron);

let bridge: Record<string, (...args: unknown[]) => unknown>;

beforeAll(async () => {
  await import('../../src-main/preload.ts');
  bridge = electron.exposed.get('labBridge')!;
});

describe('the preload bridge', () => {
  it('exposes exactly one function per request and one subscriber per event, and nothing else', () => {
    const expected = [...REQUEST_NAMES.map(bridgeMethodName), ...EVENT_NAMES.map(bridgeEventName)].sort();
    expect(Object.keys(bridge).sort()).toEqual(expected);
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(bridge).not.toHaveProperty('ipcRenderer');
    expect(bridge).not.toHaveProperty('invoke');
  });

  it('sends a request on the channel of its name and unwraps the reply', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: { jobId: 'j1' } });
    await expect(bridge.startTraining({ experiment: {} })).resolves.toEqual({ jobId: 'j1' });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('start-training', { experiment: {} });
  });

  it('turns a refused request into an Error with the host message', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: 'Invalid "cancel-job" request: jobId: bad' });
    await expect(bridge.cancelJob({ jobId: '!' })).rejects.toThrow('Invalid "cancel-job" request: jobId: bad');
  });

  it('hands listeners the payload only, and unsubscribes them', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.onEngineExit(listener) as () => void;
    const [channel, relay] = electron.ipcRenderer.on.mock.lastCall as [string, (event: unknown, payload: unknown) => void];
    expect(channel).toBe('engine-exit');
    relay({ sender: 'the IPC event must not leak' }, { reason: 'killed', jobIds: [] });
    expect(listener).toHaveBeenCalledWith({ reason: 'killed', jobIds: [] });
    expect(listener.mock.calls[0]).toHaveLength(1);
    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith('engine-exit', relay);
  });

  it('refuses a subscriber that is not a function', () => {
    expect(() => bridge.onJobProgress('not a function')).toThrow(TypeError);
  });
});
