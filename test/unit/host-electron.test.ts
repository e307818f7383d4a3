import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REQUEST_NAMES } from '../../src-main/contract.ts';
import { AppService, type AppRequestHandler } from '../../src-main/host/app-service.ts';
import { EngineClient } from '../../src-main/engine-client/engine-client.ts';
import { utilityProcessSpawner } from '../../src-main/host/electron-engine.ts';
import { answerIpc, forwardEvents, registerIpcHandlers, senderCheckFor } from '../../src-main/host/electron-ipc.ts';
import { menuTemplate } from '../../src-main/host/electron-menu.ts';
import { createAppWindow, hardenSession, isAppUrl, windowOptions } from '../../src-main/host/electron-window.ts';
import type { HostFiles } from '../../src-main/host/host-files.ts';
import { BACKEND_REPORT, tinyExperiment, until } from './host-fixtures.ts';

/** A stand-in for the parts of Electron the main process uses. */
const electron = vi.hoisted(() => {
  class Emitter {
    private readonly listeners = new Map<string, Array<(...args: unknown[]) => void>>();
    on(name: string, listener: (...args: unknown[]) => void): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    once(name: string, listener: (...args: unknown[]) => void): this {
      return this.on(name, listener);
    }
    emit(name: string, ...args: unknown[]): void {
      for (const listener of this.listeners.get(name) ?? []) listener(...args);
    }
  }
  class FakeWebContents extends Emitter {
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    readonly sent: Array<[string, unknown]> = [];
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandler = handler;
    }
    send(channel: string, payload: unknown): void {
      this.sent.push([channel, payload]);
    }
  }
  class FakeBrowserWindow extends Emitter {
    static created: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    readonly loaded: string[] = [];
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.created.push(this);
    }
    async loadURL(url: string): Promise<void> {
      this.loaded.push(url);
    }
    show(): void {}
    isDestroyed(): boolean {
      return false;
    }
  }
  class FakeUtilityProcess extends Emitter {
    readonly posted: unknown[] = [];
    killed = false;
    postMessage(message: unknown): void {
      this.posted.push(message);
    }
    kill(): boolean {
      this.killed = true;
      return true;
    }
  }
  const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  type PermissionRequest = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
  type HeadersHandler = (details: { responseHeaders: Record<string, string[]> }, callback: (response: unknown) => void) => void;
  interface FakeSession {
    permissionRequest: PermissionRequest | null;
    permissionCheck: ((...args: unknown[]) => boolean) | null;
    headers: HeadersHandler | null;
    setPermissionRequestHandler(handler: PermissionRequest): void;
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void;
    webRequest: { onHeadersReceived(handler: HeadersHandler): void };
  }
  const session: FakeSession = {
    permissionRequest: null,
    permissionCheck: null,
    headers: null,
    setPermissionRequestHandler(handler) {
      session.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler) {
      session.permissionCheck = handler;
    },
    webRequest: {
      onHeadersReceived(handler) {
        session.headers = handler;
      },
    },
  };
  const forks: FakeUtilityProcess[] = [];
  return {
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) => handlers.set(channel, handler),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    shell: { openExternal: vi.fn(async () => undefined) },
    session: { defaultSession: session },
    utilityProcess: {
      fork: vi.fn(() => {
        const child = new FakeUtilityProcess();
        forks.push(child);
        return child;
      }),
    },
    app: { getPath: () => tmpdir(), isPackaged: false },
    dialog: {},
    handlers,
    forks,
    sessionState: session,
  };
});

vi.mock('electron', () => electron);

const APP_URL = 'file:///opt/landscape-lab/out/renderer/index.html';
const trusted = senderCheckFor((url) => isAppUrl(url, APP_URL));
const frame = (url: string, parent: unknown = null) => ({ url, parent }) as never;

function recordingService(): AppRequestHandler & { handled: string[] } {
  const handled: string[] = [];
  return { handled, handle: async (name) => (handled.push(name), { answered: name }), onEvent: () => () => undefined };
}

describe('the app window', () => {
  it('is isolated, sandboxed and without Node, with our preload', () => {
    const prefs = windowOptions('/app/out/preload/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true, preload: '/app/out/preload/preload.cjs' });
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.allowRunningInsecureContent).toBe(false);
  });

  it('is created with those options and loads the app page', () => {
    const window = createAppWindow({ url: APP_URL, preloadPath: '/p.cjs' }, { onOpenFile: () => undefined }) as unknown as InstanceType<typeof electron.BrowserWindow>;
    expect(window.options).toEqual(windowOptions('/p.cjs'));
    expect(window.loaded).toEqual([APP_URL]);
  });

  describe('its page', () => {
    let window: InstanceType<typeof electron.BrowserWindow>;
    const opened: string[] = [];
    beforeEach(() => {
      electron.shell.openExternal.mockClear();
      opened.length = 0;
      window = createAppWindow({ url: APP_URL, preloadPath: '/p.cjs' }, { onOpenFile: (path) => opened.push(path) }) as never;
    });
    const navigate = (url: string) => {
      const event = { url, preventDefault: vi.fn() };
      window.webContents.emit('will-navigate', event);
      return event.preventDefault.mock.calls.length > 0;
    };

    it('cannot open windows; web links go to the system browser', () => {
      expect(window.webContents.windowOpenHandler!({ url: 'https://arxiv.org/abs/1712.09913' })).toEqual({ action: 'deny' });
      expect(electron.shell.openExternal).toHaveBeenCalledWith('https://arxiv.org/abs/1712.09913');
      expect(window.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
      expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
    });

    it('cannot navigate away from the app', () => {
      expect(navigate('https://evil.example/')).toBe(true);
      expect(navigate('file:///etc/passwd')).toBe(true);
      expect(navigate(`${APP_URL}#surfaces`)).toBe(false);
      expect(opened).toEqual([]);
    });

    it('turns a .lab file dropped onto it into an open', () => {
      expect(navigate('file:///home/me/runs/table2.lab')).toBe(true);
      expect(opened).toEqual(['/home/me/runs/table2.lab']);
    });

    it('cannot attach webviews', () => {
      const event = { preventDefault: vi.fn() };
      window.webContents.emit('will-attach-webview', event);
      expect(event.preventDefault).toHaveBeenCalled();
    });
  });

  it('denies every permission and sends a strict CSP header', () => {
    hardenSession();
    const state = electron.sessionState;
    const granted: boolean[] = [];
    state.permissionRequest!(null, 'media', (g) => granted.push(g));
    state.permissionRequest!(null, 'geolocation', (g) => granted.push(g));
    expect(granted).toEqual([false, false]);
    expect(state.permissionCheck!(null, 'notifications', '', {})).toBe(false);
    let headers: Record<string, string[]> = {};
    state.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (response) => (headers = (response as { responseHeaders: typeof headers }).responseHeaders));
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(headers['Content-Security-Policy'][0]).toMatch(/script-src 'self';.*object-src 'none'/);
  });
});

describe('the IPC handlers', () => {
  it('exist for every request of the contract', () => {
    const dispose = registerIpcHandlers(recordingService(), trusted);
    expect([...electron.handlers.keys()].sort()).toEqual([...REQUEST_NAMES].sort());
    dispose();
    expect(electron.handlers.size).toBe(0);
  });

  it('reject a malformed payload before it reaches the service', async () => {
    const service = recordingService();
    registerIpcHandlers(service, trusted);
    const reply = await electron.handlers.get('cancel-job')!({ senderFrame: frame(APP_URL) }, { jobId: '../../x' });
    expect(reply).toEqual({ ok: false, error: expect.stringMatching(/^Invalid "cancel-job" request: jobId/) });
    const badExport = await electron.handlers.get('export')!({ senderFrame: frame(APP_URL) }, { format: 'exe' });
    expect(badExport).toMatchObject({ ok: false });
    expect(service.handled).toEqual([]);
  });

  it('pass a valid payload from the app page to the service', async () => {
    const service = recordingService();
    const reply = await answerIpc(service, trusted, 'cancel-job', { senderFrame: frame(`${APP_URL}?x=1`) } as never, { jobId: 'abc' });
    expect(reply).toEqual({ ok: true, result: { answered: 'cancel-job' } });
  });

  it('refuse messages from other pages and from sub-frames', async () => {
    const service = recordingService();
    for (const senderFrame of [frame('https://evil.example/'), frame('file:///tmp/other.html'), frame(APP_URL, {}), null]) {
      const reply = await answerIpc(service, trusted, 'list-presets', { senderFrame } as never, {});
      expect(reply).toEqual({ ok: false, error: 'Refused: the request did not come from the app window.' });
    }
    expect(service.handled).toEqual([]);
  });
});

describe('the engine in a utility process', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lab-electron-'));
    electron.forks.length = 0;
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const files: HostFiles = {
    chooseSnapshotToOpen: async () => null,
    chooseSnapshotTarget: async () => null,
    chooseExportTarget: async () => null,
    resolvePath: (path) => path,
  };

  it('is forked from the built engine entry and spoken to by messages', async () => {
    const client = new EngineClient(utilityProcessSpawner('/app/out/main/engine.js'));
    const ready = client.ready();
    expect(electron.utilityProcess.fork).toHaveBeenCalledWith('/app/out/main/engine.js', [], expect.objectContaining({ serviceName: 'Landscape Lab engine' }));
    electron.forks[0].emit('message', { type: 'ready', pid: 1, backend: BACKEND_REPORT });
    expect(await ready).toEqual(BACKEND_REPORT);
    client.run({ kind: 'inspect', snapshot: '/x.lab' });
    await until(() => electron.forks[0].posted.length > 0);
    expect(electron.forks[0].posted).toEqual([{ type: 'start', jobId: expect.any(String), job: { kind: 'inspect', snapshot: '/x.lab' } }]);
  });

  it('crashing shows as an engine-exit banner event in the window, and the next request starts it again', async () => {
    const client = new EngineClient(utilityProcessSpawner('/app/out/main/engine.js'));
    const service = await AppService.create({ engine: client, host: 'electron', files, dataDir });
    const window = new electron.BrowserWindow({});
    forwardEvents(service, () => window as never);

    const info = service.request('get-app-info', {});
    electron.forks[0].emit('message', { type: 'ready', pid: 1, backend: BACKEND_REPORT });
    expect((await info).backend?.chosen).toBe('cpu');
    const { jobId } = await service.request('start-training', { experiment: tinyExperiment() });
    await until(() => electron.forks[0].posted.length > 0);

    electron.forks[0].emit('exit', 139);
    await until(() => window.webContents.sent.some(([channel]) => channel === 'job-finished'));
    const sent = Object.fromEntries(window.webContents.sent);
    expect(sent['engine-exit']).toEqual({ reason: 'the engine process stopped (exit code 139)', jobIds: [jobId] });
    expect(sent['job-finished']).toMatchObject({ jobId, ok: false, cancelled: false, message: expect.stringContaining('stopped unexpectedly') });

    const again = service.request('get-app-info', {});
    expect(electron.forks).toHaveLength(2);
    electron.forks[1].emit('message', { type: 'ready', pid: 2, backend: BACKEND_REPORT });
    expect((await again).backend?.chosen).toBe('cpu');
  });
});

describe('the application menu', () => {
  it('offers the File, View and Help entries, and export items reach the renderer as commands', () => {
    const commands: string[] = [];
    const actions = { command: (c: string) => commands.push(c), open: vi.fn(), openRecent: vi.fn(), save: vi.fn(), saveAs: vi.fn(), about: vi.fn(), shortcuts: vi.fn() };
    const template = menuTemplate(actions as never, { recent: ['/data/a.lab'], isMac: false, isDev: false });
    const labels = (items: unknown): string[] => (items as Array<{ label?: string; role?: string }>).map((i) => i.label ?? i.role ?? '-');
    expect(labels(template)).toEqual(['File', 'editMenu', 'View', 'help']);
    const file = template[0].submenu as Array<{ label?: string; submenu?: unknown; click?: () => void }>;
    expect(labels(file)).toEqual(expect.arrayContaining(['New experiment', 'Open snapshot…', 'Open recent', 'Save', 'Save as…', 'Export']));
    const recent = file.find((i) => i.label === 'Open recent')!.submenu as Array<{ label: string; click: () => void }>;
    recent[0].click();
    expect(actions.openRecent).toHaveBeenCalledWith('/data/a.lab');
    const exports = file.find((i) => i.label === 'Export')!.submenu as Array<{ click: () => void }>;
    exports.forEach((item) => item.click());
    expect(commands).toEqual(['export-png', 'export-h5', 'export-csv', 'export-vtp', 'export-reference']);
    expect(labels(template[2].submenu)).not.toContain('toggleDevTools');
  });
});
