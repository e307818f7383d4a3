/** Where files go in the desktop app: the user says, in native dialogs. */
import { app, dialog, type BrowserWindow, type FileFilter, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import { isAbsolute, join } from 'node:path';
import type { ExportFormat } from '../contract.ts';
import { EXPORT_EXTENSIONS, type HostFiles } from './host-files.ts';
import { RequestError } from './request-validation.ts';

const SNAPSHOT_FILTER: FileFilter = { name: 'Landscape Lab snapshot', extensions: ['lab'] };

const EXPORT_FILTERS: Record<ExportFormat, FileFilter> = {
  h5: { name: 'HDF5 (loss-landscape layout)', extensions: ['h5'] },
  csv: { name: 'CSV', extensions: ['csv'] },
  vtp: { name: 'VTK PolyData (ParaView)', extensions: ['vtp'] },
  npy: { name: 'NumPy arrays (zip of .npy)', extensions: ['zip'] },
  reference: { name: 'Reference check (zip: ONNX and PyTorch model, data, directions, surface)', extensions: ['zip'] },
  png: { name: 'PNG image', extensions: ['png'] },
  evolution: { name: 'Landscape evolution (zip: an HDF5 per frame, metrics over training as CSV, animated GIF)', extensions: ['zip'] },
};

export function createElectronFiles(window: () => BrowserWindow | null): HostFiles {
  const open = (options: OpenDialogOptions) => {
    const parent = window();
    return parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options);
  };
  const save = (options: SaveDialogOptions) => {
    const parent = window();
    return parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options);
  };
  return {
    async chooseSnapshotToOpen() {
      const result = await open({ title: 'Open snapshot', filters: [SNAPSHOT_FILTER], properties: ['openFile'] });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseSnapshotTarget(suggestedName) {
      const result = await save({ title: 'Save snapshot', defaultPath: join(app.getPath('documents'), `${suggestedName}.lab`), filters: [SNAPSHOT_FILTER] });
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseExportTarget(format, suggestedName) {
      const defaultPath = join(app.getPath('documents'), `${suggestedName}.${EXPORT_EXTENSIONS[format]}`);
      const result = await save({ title: `Export ${EXPORT_FILTERS[format].name}`, defaultPath, filters: [EXPORT_FILTERS[format]] });
      return result.canceled || !result.filePath ? null : { path: result.filePath, url: null };
    },
    resolvePath(path) {
      if (!isAbsolute(path)) throw new RequestError(`"${path}" is not an absolute path.`);
      return path;
    },
  };
}
