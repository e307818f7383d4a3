/** Per-user folders for downloaded data sets and the app's working files. */
import { homedir } from 'node:os';
import { join } from 'node:path';

function platformCacheRoot(): string {
  if (process.platform === 'win32') return process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches');
  return process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
}

function platformDataRoot(): string {
  if (process.platform === 'win32') return process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
}

/** Downloaded data sets (CIFAR-10). LAB_CACHE_DIR overrides it. */
export function dataCacheDir(): string {
  return process.env.LAB_CACHE_DIR ?? join(platformCacheRoot(), 'landscape-lab');
}

/** Working snapshots, recent files, settings. LAB_DATA_DIR overrides it. */
export function appDataDir(): string {
  return process.env.LAB_DATA_DIR ?? join(platformDataRoot(), 'landscape-lab');
}
