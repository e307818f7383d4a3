import { open, rename, unlink } from 'node:fs/promises';
import { removeStaleTemporaries, temporaryPathFor } from './stale-temporaries.ts';

/**
 * Writes a file atomically: a temporary file beside the target, flushed to
 * disk, then renamed over it. A crash mid-write leaves the old file intact,
 * and the temporary file that a crash leaves is removed by the next write.
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  await removeStaleTemporaries(path);
  const temporary = temporaryPathFor(path);
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
