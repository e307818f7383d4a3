/**
 * `export --format reference`: one folder per surface (and per run that has
 * none) that a PyTorch user checks our numbers with, using the reference's
 * own code (reference-folder.ts says what is inside):
 *
 *   DIR/landscape-lab-reference.json   what was exported (written last)
 *   DIR/<surface id>/                  model.onnx, torch/, eval_data.npz, directions.h5, surface.h5, README.txt
 *   DIR/<run id>/                      a run without a surface: model.onnx, torch/, eval_data.npz, README.txt
 *
 * All of it is written into a temporary sibling folder and renamed to DIR at
 * the end, so a failure leaves nothing partial in DIR. DIR may be missing,
 * empty, or an earlier reference export (replaced); anything else is refused.
 * `exportReferenceZip` writes the same folder as one zip (the app's Export
 * menu, where the target is a file), atomically.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { zipSync } from 'fflate';
import type { Snapshot, SurfaceData } from '../../../contract.ts';
import { APP_VERSION } from '../../../app-version.ts';
import { writeFileAtomic } from '../../snapshot/atomic-write.ts';
import { loadSnapshotDataset } from '../../surfaces/point-evaluator.ts';
import { writeReferenceFolder } from './reference-folder.ts';

export const REFERENCE_MANIFEST = 'landscape-lab-reference.json';

export interface ReferenceExportOptions {
  /** Only this surface (default: every surface, and every run without one). */
  surfaceId?: string;
  cacheDir?: string;
  signal?: AbortSignal;
  /** Called before each folder is written. */
  progress?: (done: number, total: number, what: string) => void;
}

export interface ReferenceFolderSummary {
  folder: string;
  runId: string;
  surfaceId: string | null;
  notes: string[];
}

export interface ReferenceExportResult {
  path: string;
  folders: ReferenceFolderSummary[];
}

const folderName = (id: string): string => id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '') || 'run';

async function checkTarget(out: string): Promise<'missing' | 'replace'> {
  const info = await stat(out).catch(() => null);
  if (!info) return 'missing';
  if (!info.isDirectory()) throw new Error(`${out} exists and is not a folder; choose a new folder for the reference export.`);
  const entries = await readdir(out);
  if (entries.length === 0 || entries.includes(REFERENCE_MANIFEST)) return 'replace';
  throw new Error(`${out} is not empty and is not an earlier reference export; choose a new or empty folder.`);
}

function targetsOf(snapshot: Snapshot, surfaceId: string | undefined): Array<{ runId: string; surface: SurfaceData | null }> {
  if (surfaceId !== undefined) {
    const surface = snapshot.surfaces.find((s) => s.id === surfaceId);
    if (!surface) throw new Error(`Surface ${surfaceId} is not in the snapshot (it has: ${snapshot.surfaces.map((s) => s.id).join(', ') || 'no surfaces'}).`);
    return [{ runId: surface.runId, surface }];
  }
  const withSurface = new Set(snapshot.surfaces.map((s) => s.runId));
  return [
    ...snapshot.surfaces.map((surface) => ({ runId: surface.runId, surface })),
    ...snapshot.runs.filter((r) => !withSurface.has(r.spec.id)).map((r) => ({ runId: r.spec.id, surface: null })),
  ];
}

/** Writes the reference export of `snapshot` to the folder `out`. */
export async function exportReference(snapshot: Snapshot, snapshotName: string, out: string, options: ReferenceExportOptions = {}): Promise<ReferenceExportResult> {
  const existing = await checkTarget(out);
  const targets = targetsOf(snapshot, options.surfaceId);
  if (targets.length === 0) throw new Error('The snapshot has no runs to export.');
  const dataset = await loadSnapshotDataset(snapshot, { cacheDir: options.cacheDir, signal: options.signal });
  await mkdir(dirname(out), { recursive: true });
  const temporary = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.partial`);
  await mkdir(temporary);
  try {
    const folders: ReferenceFolderSummary[] = [];
    for (const [i, target] of targets.entries()) {
      options.signal?.throwIfAborted();
      const run = snapshot.runs.find((r) => r.spec.id === target.runId);
      if (!run) throw new Error(`Surface ${target.surface?.id} belongs to run ${target.runId}, which is not in the snapshot.`);
      const folder = folderName(target.surface?.id ?? run.spec.id);
      options.progress?.(i, targets.length, folder);
      const source = `run ${run.spec.id}${target.surface ? `, surface ${target.surface.id}` : ''} of ${snapshotName}`;
      const notes = await writeReferenceFolder(join(temporary, folder), { snapshot, run, surface: target.surface, dataset, source });
      folders.push({ folder, runId: run.spec.id, surfaceId: target.surface?.id ?? null, notes });
    }
    const manifest = { format: 'landscape-lab-reference', appVersion: APP_VERSION, snapshot: snapshotName, createdAt: new Date().toISOString(), folders };
    await writeFile(join(temporary, REFERENCE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
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

async function filesUnder(root: string, dir = root): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? filesUnder(root, join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))));
  return nested.flat();
}

/** The reference export as one zip at `outZip` (its folder inside is named after the zip). */
export async function exportReferenceZip(snapshot: Snapshot, snapshotName: string, outZip: string, options: ReferenceExportOptions = {}): Promise<ReferenceExportResult> {
  const scratch = await mkdtemp(join(tmpdir(), 'lab-reference-'));
  try {
    const inner = basename(outZip).replace(/\.zip$/i, '') || 'reference';
    const result = await exportReference(snapshot, snapshotName, join(scratch, inner), options);
    const files: Record<string, Uint8Array> = {};
    for (const path of await filesUnder(scratch)) files[relative(scratch, path).split('\\').join('/')] = new Uint8Array(await readFile(path));
    await mkdir(dirname(outZip), { recursive: true });
    await writeFileAtomic(outZip, zipSync(files, { level: 6 }));
    return { path: outZip, folders: result.folders };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
