/**
 * Where the web host puts files: snapshots in a folder of its own, exports in
 * a downloads folder the host serves by URL. A request may also name a path,
 * but only inside the allowed folders (the data folder and those the user
 * added, see allowed-folders.ts): anything else is refused before it is read
 * or written.
 */
import { mkdir } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { isInAllowedFolder } from './allowed-folders.ts';
import { EXPORT_EXTENSIONS, unusedPath, type HostFiles } from './host-files.ts';
import { RequestError } from './request-validation.ts';

export interface WebFilesOptions {
  /** Where snapshots named without a folder are saved and looked up. */
  snapshotsDir: string;
  /** Where exports are written for download. */
  downloadsDir: string;
  /** The URL a browser fetches a file of the downloads folder from. */
  downloadUrl(fileName: string): string;
  /** The folders a request's path may lie in, asked at every request (the settings may change). */
  allowedFolders(): string[];
  /** The settings file where the user adds folders, named in the refusal. */
  settingsFile?: string;
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
      let resolved: string;
      if (isAbsolute(path)) {
        resolved = resolve(path);
      } else {
        resolved = resolve(options.snapshotsDir, path);
        const rel = relative(options.snapshotsDir, resolved);
        if (rel.startsWith('..') || isAbsolute(rel)) throw new RequestError(`"${path}" is outside the snapshot folder; give an absolute path instead.`);
      }
      const folders = options.allowedFolders();
      if (!isInAllowedFolder(resolved, folders)) {
        throw new RequestError(
          `${resolved} is outside the folders the web host may use (${folders.join(', ')}); nothing was read or written. ` +
            `To use it, add its folder to "webHostFolders" in ${options.settingsFile ?? 'the settings file of the data folder'}, or start the host with --allow-folder.`,
        );
      }
      return resolved;
    },
  };
}
