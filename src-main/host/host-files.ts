/**
 * How a host decides where files go. Electron asks the user with dialogs;
 * the web host cannot, so it uses folders of its own and download URLs.
 * The app service only ever talks to this interface.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportFormat } from '../contract.ts';

export interface ExportTarget {
  /** Where the file is written on the host's machine. */
  path: string;
  /** Where a browser fetches it (web host), or null. */
  url: string | null;
}

export interface HostFiles {
  /** Asks which snapshot to open; null when the user cancelled. */
  chooseSnapshotToOpen(): Promise<string | null>;
  /** Asks where to save a snapshot first saved now; null when the user cancelled. */
  chooseSnapshotTarget(suggestedName: string): Promise<string | null>;
  /** Asks (or decides) where an export goes; null when the user cancelled. */
  chooseExportTarget(format: ExportFormat, suggestedName: string): Promise<ExportTarget | null>;
  /** Turns a path from a request into an absolute path on this machine; throws if it may not be used. */
  resolvePath(path: string): string;
}

/** File extension of each export format (`h5` is HDF5, `npy` a zip of .npy arrays). */
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { h5: 'h5', csv: 'csv', vtp: 'vtp', npy: 'zip', png: 'png', reference: 'zip', evolution: 'zip' };

/** A file-name-safe version of a label: `ReLU vs TSQRT (2)` → `ReLU-vs-TSQRT-2`. */
export function safeFileName(label: string, fallback = 'landscape'): string {
  const cleaned = label
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 80);
  return cleaned || fallback;
}

/** `name.ext` in `folder`, or `name-2.ext`, `name-3.ext`, … if taken. */
export function unusedPath(folder: string, name: string, extension: string): string {
  for (let n = 1; ; n++) {
    const candidate = join(folder, `${name}${n === 1 ? '' : `-${n}`}.${extension}`);
    if (!existsSync(candidate)) return candidate;
  }
}
