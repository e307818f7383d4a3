/**
 * The Electron main process: lifecycle, the window, menus and dialogs, and
 * nothing else. Requests go to the shared AppService (src-main/host/), the
 * engine runs in a utility process, and a crash of it reaches the renderer as
 * an `engine-exit` event (a banner) while the app stays up.
 */
import { app, BrowserWindow, dialog, Menu } from 'electron';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MenuCommand } from './contract.ts';
import { APP_VERSION } from './app-version.ts';
import { AppService, describeBackend } from './host/app-service.ts';
import { EngineClient } from './engine-client/engine-client.ts';
import { utilityProcessSpawner } from './host/electron-engine.ts';
import { createElectronFiles } from './host/electron-files.ts';
import { forwardEvents, registerIpcHandlers, senderCheckFor } from './host/electron-ipc.ts';
import { MENU_SHORTCUTS, menuTemplate } from './host/electron-menu.ts';
import { createAppWindow, hardenSession, hardenWebContents, isAppUrl } from './host/electron-window.ts';
import { snapshotPathsFromArgs } from './host/launch-files.ts';

const here = import.meta.dirname; // out/main
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const appUrl = devServerUrl ?? pathToFileURL(join(here, '..', 'renderer', 'index.html')).href;
const preloadPath = join(here, '..', 'preload', 'preload.cjs');
const enginePath = join(here, 'engine.js');

let window: BrowserWindow | null = null;
let service: AppService | null = null;
const files = createElectronFiles(() => window);
/** Whether the window's page has loaded, so that events sent to it are heard. */
let rendererReady = false;
/** Files asked for before the service was ready (command line, macOS open-file at launch). */
const pendingOpens: string[] = snapshotPathsFromArgs(process.argv.slice(1), process.cwd());

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function showError(title: string, error: unknown): void {
  const options = { type: 'error' as const, title, message: title, detail: errorMessage(error) };
  void (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
}

function sendCommand(command: MenuCommand): void {
  window?.webContents.send('menu-command', { command });
}

async function openSnapshot(path: string): Promise<void> {
  if (!service || !window || !rendererReady) {
    pendingOpens.push(path);
    return;
  }
  try {
    await service.openFromHost(path);
  } catch (error) {
    showError(`Could not open ${basename(path)}`, error);
  }
}

function updateTitle(): void {
  if (!window || !service) return;
  const { path, unsaved } = service.document;
  const name = path ? basename(path) : service.document.hasWorking() ? 'Untitled' : '';
  window.setTitle(`${name ? `${name}${unsaved ? ' •' : ''} — ` : ''}Landscape Lab`);
  if (path) app.addRecentDocument(path);
}

async function updateMenu(): Promise<void> {
  const recent = service ? ((await service.request('list-recent', {})) as string[]) : [];
  const template = menuTemplate(
    {
      command: sendCommand,
      open: () => {
        void (async () => {
          const path = await files.chooseSnapshotToOpen();
          if (path) await openSnapshot(path);
        })();
      },
      openRecent: (path) => void openSnapshot(path),
      save: () => void service?.request('save-snapshot', {}).catch((error: unknown) => showError('Could not save', error)),
      saveAs: () => void service?.saveAs().catch((error: unknown) => showError('Could not save', error)),
      about: () => void showAbout(),
      shortcuts: () => void showShortcuts(),
    },
    { recent, isMac: process.platform === 'darwin', isDev: !app.isPackaged },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function showAbout(): Promise<void> {
  const info = await service?.request('get-app-info', {});
  const detail = [
    `Version ${APP_VERSION}`,
    `Electron ${process.versions.electron}, Node ${process.versions.node}`,
    `Engine backend: ${info?.backend?.description ?? 'not started'}`,
  ].join('\n');
  await dialog.showMessageBox({ type: 'info', title: 'About Landscape Lab', message: 'Landscape Lab', detail });
}

async function showShortcuts(): Promise<void> {
  const mod = process.platform === 'darwin' ? '⌘' : 'Ctrl';
  const detail = MENU_SHORTCUTS.map((s) => `${s.accelerator.replace('CmdOrCtrl', mod)}\t${s.action}`).join('\n');
  await dialog.showMessageBox({ type: 'info', title: 'Keyboard shortcuts', message: 'Keyboard shortcuts', detail });
}

function openWindow(): void {
  window = createAppWindow({ url: appUrl, preloadPath }, { onOpenFile: (path) => void openSnapshot(path) });
  rendererReady = false;
  window.on('closed', () => {
    window = null;
  });
  window.webContents.on('did-finish-load', () => {
    rendererReady = true;
    updateTitle();
    for (const path of pendingOpens.splice(0)) void openSnapshot(path);
  });
}

async function start(): Promise<void> {
  hardenSession();
  const engine = new EngineClient(utilityProcessSpawner(enginePath));
  service = await AppService.create({ engine, host: 'electron', files });
  registerIpcHandlers(service, senderCheckFor((url) => isAppUrl(url, appUrl)));
  forwardEvents(service, () => window);
  service.onDocumentChange(() => {
    updateTitle();
    void updateMenu();
  });
  service.onEvent((event) => {
    if (event.name === 'engine-exit') console.error(`The engine stopped: ${event.payload.reason}; it restarts with the next job.`);
    if (event.name === 'job-finished') updateTitle();
  });
  void engine.ready().then(
    (report) => console.log(`Engine backend: ${describeBackend(report).description}`),
    (error: unknown) => console.error(errorMessage(error)),
  );
  await updateMenu();
  openWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another window of the app is already open: it receives our files through `second-instance`.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    for (const path of snapshotPathsFromArgs(argv.slice(1), workingDirectory)) void openSnapshot(path);
  });
  // macOS: a double-clicked or dropped-on-the-dock file, possibly before the app is ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void openSnapshot(path);
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { appUrl, onOpenFile: (path) => void openSnapshot(path) }));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (service && BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('before-quit', () => service?.dispose());
  app.setName('Landscape Lab');
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox('Landscape Lab could not start', errorMessage(error));
    app.quit();
  });
}
