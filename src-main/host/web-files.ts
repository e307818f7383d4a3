/**
 * Where the web host puts files: snapshots in a folder of its own (a request
 * may also name any path on the server, since whoever holds the token is the
 * machine's user), exports in a downloads folder the host serves by URL.
 */
import { mkdir } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { EXPORT_EXTENSIONS, unusedPath, type HostFiles } from './host-files.ts';
import { RequestError } from './request-validation.ts';

export interface WebFilesOptions {
  /** Where snapshots named without a folder are saved and looked up. */
  snapshotsDir: string;
  /** Where exports are written for download. */
  downloadsDir: string;
  /** The URL a browser fetches a file of the downloads folder from. */
  downloadUrl(fileName: string): string;
}

export function createWebFiles(options: WebFilesOptions): HostFiles {
  return {
    async chooseSnapshotToOpen() {
      throw new RequestError(
        `The web host cannot show a file dialog: give the snapshot's path on the server, or a name in ${options.snapshotsDir}.`,
      );
    },
    async chooseSnapshotTarget(suggestedName) {
      await mkdir(options.snapshotsDir, { recursive: true });
      return unusedPath(options.snapshotsDir, suggestedName, 'lab');
    },
    async chooseExportTarget(format, suggestedName) {
      await mkdir(options.downloadsDir, { recursive: true });
      const path = unusedPath(options.downloadsDir, suggestedName, EXPORT_EXTENSIONS[format]);
      return { path, url: options.downloadUrl(basename(path)) };
    },
    resolvePath(path) {
      if (isAbsolute(path)) return resolve(path);
      const inside = resolve(options.snapshotsDir, path);
      const rel = relative(options.snapshotsDir, inside);
      if (rel.startsWith('..') || isAbsolute(rel)) throw new RequestError(`"${path}" is outside the snapshot folder; give an absolute path instead.`);
      return inside;
    },
  };
}
