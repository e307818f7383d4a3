/**
 * Exports that are a folder (reference, evolution): the target may be
 * missing, empty, or an earlier export of the same kind (recognised by its
 * manifest, which is replaced); anything else is refused. Everything is
 * written into a temporary sibling folder, the manifest last, and renamed
 * into place, so a failure leaves nothing partial. The same folder can be
 * written as one zip instead (the app's Export menu, whose target is a file).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import { APP_VERSION } from '../../app-version.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { ExportError } from './export-grid.ts';

/** An id as a folder name: letters, digits, `.`, `_`, `-`; never hidden, never empty. */
export const safeFolderName = (id: string): string => id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '') || 'run';

export interface ExportFolderKind {
  /** `landscape-lab-reference`: the manifest's `format`; its file is `<format>.json`. */
  format: string;
  /** For messages: "reference", "evolution". */
  label: string;
}

export const manifestFileOf = (kind: ExportFolderKind): string => `${kind.format}.json`;

async function checkTarget(out: string, kind: ExportFolderKind): Promise<'missing' | 'replace'> {
  const info = await stat(out).catch(() => null);
  if (!info) return 'missing';
  if (!info.isDirectory()) throw new ExportError(`${out} exists and is not a folder; choose a new folder for the ${kind.label} export.`);
  const entries = await readdir(out);
  if (entries.length === 0 || entries.includes(manifestFileOf(kind))) return 'replace';
  throw new ExportError(`${out} is not empty and is not an earlier ${kind.label} export; choose a new or empty folder.`);
}

/**
 * Writes an export folder at `out` atomically. `prepare` runs after the
 * target is checked and before anything is written; `fill` writes into the
 * temporary folder and returns the manifest's `folders`.
 */
export async function writeExportFolder<F>(
  out: string,
  kind: ExportFolderKind,
  snapshotName: string,
  fill: (temporary: string) => Promise<F[]>,
  options: { signal?: AbortSignal; prepare?: () => Promise<void> } = {},
): Promise<{ path: string; folders: F[] }> {
  const existing = await checkTarget(out, kind);
  await options.prepare?.();
  await mkdir(dirname(out), { recursive: true });
  const temporary = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.partial`);
  await mkdir(temporary);
  try {
    const folders = await fill(temporary);
    const manifest = { format: kind.format, appVersion: APP_VERSION, snapshot: snapshotName, createdAt: new Date().toISOString(), folders };
    await writeFile(join(temporary, manifestFileOf(kind)), `${JSON.stringify(manifest, null, 2)}\n`);
    options.signal?.throwIfAborted();
    if (existing === 'replace') {
      const old = `${temporary}.old`;
      await rename(out, old);
      await rename(temporary, out);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temporary, out);
    }
    return { path: out, folders };
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

async function filesUnder(dir: string, prefix: string, files: Record<string, Uint8Array>): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await filesUnder(path, `${prefix}/${entry.name}`, files);
    else files[`${prefix}/${entry.name}`] = new Uint8Array(await readFile(path));
  }
}

/**
 * Runs a folder export into a scratch folder named after the zip and writes
 * that folder as the zip `outZip`, atomically.
 */
export async function writeExportZip<R extends { folders: unknown[] }>(outZip: string, kind: ExportFolderKind, exportTo: (folder: string) => Promise<R>): Promise<R & { path: string }> {
  const scratch = await mkdtemp(join(tmpdir(), `lab-${kind.label}-`));
  try {
    const inner = basename(outZip).replace(/\.zip$/i, '') || kind.label;
    const result = await exportTo(join(scratch, inner));
    const files: Record<string, Uint8Array> = {};
    await filesUnder(join(scratch, inner), inner, files);
    await mkdir(dirname(outZip), { recursive: true });
    await writeFileAtomic(outZip, zipSync(files, { level: 6 }));
    return { ...result, path: outZip };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
