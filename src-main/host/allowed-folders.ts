/**
 * The folders the web host may open, save and export files in: the user's
 * data folder, and the folders the user added in the settings
 * (`settings.json` in the data folder: `{"version": 1, "webHostFolders":
 * ["/abs/folder", …]}`) or with `--allow-folder`. Anything a browser asks for
 * outside them is refused before a byte is read or written. Symbolic links
 * are followed first, so a link inside an allowed folder cannot lead out.
 * The page itself cannot add folders: whoever holds the token could
 * otherwise widen what the token reaches.
 */
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';

export const SETTINGS_FILE = 'settings.json';

const SettingsSchema = z.object({
  version: z.literal(1),
  webHostFolders: z.array(z.string().min(1).max(4096).refine(isAbsolute, 'must be an absolute path')).default([]),
});

/**
 * The folders listed in the data folder's settings. A missing file lists
 * none; a damaged one lists none too (and says so once), so a typo can only
 * narrow what the web host reaches, never widen it.
 */
export function settingsFolders(dataDir: string, warn: (message: string) => void = console.warn): string[] {
  const file = join(dataDir, SETTINGS_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  try {
    const parsed = SettingsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.webHostFolders;
    warn(`${file} is not valid (${parsed.error.issues[0]?.message ?? 'unknown problem'}): none of its folders are used.`);
  } catch (error) {
    warn(`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}): none of its folders are used.`);
  }
  return [];
}

/**
 * `path` with every symbolic link resolved: the longest part that exists is
 * resolved by the file system, the rest (what a save will create) appended.
 * Null when a link on the way cannot be resolved (a dangling link could lead anywhere).
 */
export function realPathOf(path: string): string | null {
  const missing: string[] = [];
  let existing = resolve(path);
  while (lstatSync(existing, { throwIfNoEntry: false }) === undefined) {
    const parent = dirname(existing);
    if (parent === existing) return null;
    missing.unshift(basename(existing));
    existing = parent;
  }
  try {
    return join(realpathSync(existing), ...missing);
  } catch {
    return null;
  }
}

function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Whether `path` (absolute) lies inside one of `folders`, links followed. */
export function isInAllowedFolder(path: string, folders: readonly string[]): boolean {
  const real = realPathOf(path);
  if (real === null) return false;
  return folders.some((folder) => {
    const realFolder = realPathOf(folder);
    return realFolder !== null && isWithin(real, realFolder);
  });
}
