/**
 * The app window and the rules every web page in the app lives under:
 * isolated, sandboxed renderer without Node; a strict CSP; no new windows
 * (http(s) links go to the system browser); no navigation away from the app
 * (a `.lab` file dropped on the window becomes an Open instead); no webviews;
 * every permission request denied.
 */
import { BrowserWindow, session, shell, type BrowserWindowConstructorOptions, type Session, type WebContents } from 'electron';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from './content-security-policy.ts';

export interface AppLocation {
  /** The page the window loads: the built index.html (file:) or the dev server's URL. */
  url: string;
  preloadPath: string;
}

/** The security-relevant options of the app window, in one place for review and tests. */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Landscape Lab',
    backgroundColor: '#1b1d23',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Whether `url` is the app's own page (query and hash ignored). */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(appUrl);
    if (a.protocol !== b.protocol) return false;
    return a.protocol === 'file:' ? a.pathname === b.pathname : a.origin === b.origin;
  } catch {
    return false;
  }
}

export interface WebContentsRules {
  appUrl: string;
  /** A `.lab` file was dropped onto the window (Chromium tries to navigate to it). */
  onOpenFile(path: string): void;
}

function openExternally(url: string): void {
  if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
}

const hardened = new WeakSet<WebContents>();

/** Applies the navigation rules to one web contents (the window's, or any other that appears); once each. */
export function hardenWebContents(contents: WebContents, rules: WebContentsRules): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    const { url } = event;
    if (isAppUrl(url, rules.appUrl)) return;
    event.preventDefault();
    if (url.startsWith('file:') && url.toLowerCase().endsWith('.lab')) rules.onOpenFile(fileURLToPath(url));
    else openExternally(url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Denies every permission, and adds the CSP header to the dev server's responses (files carry it in a meta tag). */
export function hardenSession(target: Session = session.defaultSession): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  const policy = contentSecurityPolicy();
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
}

export function createAppWindow(location: AppLocation, rules: Omit<WebContentsRules, 'appUrl'>): BrowserWindow {
  const window = new BrowserWindow(windowOptions(location.preloadPath));
  hardenWebContents(window.webContents, { ...rules, appUrl: location.url });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(location.url);
  return window;
}
