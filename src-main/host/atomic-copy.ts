import { randomBytes } from 'node:crypto';
import { copyFile, open, rename, unlink } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { removeStaleTemporaries } from '../engine/snapshot/stale-temporaries.ts';

/**
 * Copies `source` to `target` so that `target` is either its old content or
 * the complete copy, never half of it: a flushed temporary file beside the
 * target, then a rename (atomic within one file system). Temporary files
 * that an earlier, killed copy left behind are removed first.
 */
export async function copyFileAtomic(source: string, target: string): Promise<void> {
  await removeStaleTemporaries(target);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await copyFile(source, temporary);
    const handle = await open(temporary, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
