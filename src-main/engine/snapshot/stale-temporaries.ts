/**
 * Temporary files of atomic writes: `NAME.<pid>.<8 hex>.tmp` beside the
 * target (`.NAME.<pid>.<8 hex>.tmp` for the host's atomic copies). A process killed mid-save leaves one behind; the next save or open
 * of the same target removes those that are ours and stale — the exact
 * pattern, written by a process that is no longer alive, or older than
 * STALE_AFTER_MS whoever wrote them (a pid can be reused). Anything else
 * beside the target is never touched.
 */
import { randomBytes } from 'node:crypto';
import { readdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A temporary file this old is stale even when its pid is alive: no save takes 30 minutes. */
export const STALE_AFTER_MS = 30 * 60 * 1000;

/** A fresh temporary path for writing `target`. */
export function temporaryPathFor(target: string): string {
  return `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes stale temporary files of `target`; returns the paths removed. Never throws: cleaning is best effort. */
export async function removeStaleTemporaries(target: string, now = Date.now()): Promise<string[]> {
  const folder = dirname(target);
  const pattern = new RegExp(`^\\.?${escapeRegExp(basename(target))}\\.(\\d{1,10})\\.[0-9a-f]{8}\\.tmp$`);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match) continue;
    const path = join(folder, name);
    try {
      const info = await stat(path);
      if (!info.isFile()) continue;
      const pid = Number(match[1]);
      const stale = now - info.mtimeMs > STALE_AFTER_MS || (pid !== process.pid && !isAlive(pid));
      if (!stale) continue;
      await unlink(path);
      removed.push(path);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}
