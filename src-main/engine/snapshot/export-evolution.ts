/**
 * `export --format evolution`: the landscape evolutions of a snapshot
 * (`surface --evolution`: one surface per checkpoint on one plane), each as
 *
 *   DIR/<run id>/frames/epoch-003.h5   a frame per checkpoint, the reference HDF5 layout (export-h5.ts)
 *   DIR/<run id>/metrics.csv           the metrics over training, a row per frame (evolution-csv.ts)
 *   DIR/<run id>/evolution.gif         the frames animated on one colour scale (evolution-gif.ts)
 *   DIR/landscape-lab-evolution.json   what was exported: frames, epochs, the GIF's scale (written last)
 *
 * (`<run id>-2`, … when a run has more than one evolution.) Everything is
 * written into a temporary sibling folder and renamed to DIR at the end, so a
 * failure leaves nothing partial. DIR may be missing, empty, or an earlier
 * evolution export (replaced); anything else is refused. `exportEvolutionZip`
 * writes the same folder as one zip (the app's export, where the target is a
 * file), atomically.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import type { Snapshot } from '../../contract.ts';
import { APP_VERSION } from '../../app-version.ts';
import { encodeEvolutionCsv } from './evolution-csv.ts';
import { findEvolutions, type Evolution } from './evolution-frames.ts';
import { encodeEvolutionGif } from './evolution-gif.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { ExportError } from './export-grid.ts';
import { encodeSurfaceH5 } from './export-h5.ts';

export const EVOLUTION_MANIFEST = 'landscape-lab-evolution.json';

export interface EvolutionExportOptions {
  /** Only the evolution holding this frame (default: every evolution). */
  surfaceId?: string;
  signal?: AbortSignal;
  progress?: (done: number, total: number, what: string) => void;
}

export interface EvolutionFolderSummary {
  folder: string;
  runId: string;
  renormalise: boolean;
  frames: Array<{ epoch: number; surfaceId: string; h5: string }>;
  csv: string;
  gif: string;
  /** The GIF's shared colour scale (training loss). */
  gifScale: { min: number; max: number };
}

export interface EvolutionExportResult {
  path: string;
  folders: EvolutionFolderSummary[];
}

const safeName = (id: string): string => id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '') || 'run';

async function checkTarget(out: string): Promise<'missing' | 'replace'> {
  const info = await stat(out).catch(() => null);
  if (!info) return 'missing';
  if (!info.isDirectory()) throw new ExportError(`${out} exists and is not a folder; choose a new folder for the evolution export.`);
  const entries = await readdir(out);
  if (entries.length === 0 || entries.includes(EVOLUTION_MANIFEST)) return 'replace';
  throw new ExportError(`${out} is not empty and is not an earlier evolution export; choose a new or empty folder.`);
}

function folderNames(evolutions: Evolution[]): string[] {
  const used = new Map<string, number>();
  return evolutions.map((e) => {
    const base = safeName(e.runId);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

async function writeEvolutionFolder(folder: string, evolution: Evolution, name: string, options: EvolutionExportOptions): Promise<EvolutionFolderSummary> {
  await mkdir(join(folder, 'frames'), { recursive: true });
  const frames: EvolutionFolderSummary['frames'] = [];
  for (const frame of evolution.frames) {
    options.signal?.throwIfAborted();
    const h5 = `frames/epoch-${String(frame.epoch).padStart(3, '0')}.h5`;
    await writeFile(join(folder, h5), await encodeSurfaceH5(frame.surface));
    frames.push({ epoch: frame.epoch, surfaceId: frame.surface.id, h5: `${name}/${h5}` });
  }
  await writeFile(join(folder, 'metrics.csv'), encodeEvolutionCsv(evolution));
  const gif = encodeEvolutionGif(evolution.frames.map((f) => f.surface));
  await writeFile(join(folder, 'evolution.gif'), gif.bytes);
  return { folder: name, runId: evolution.runId, renormalise: evolution.renormalise, frames, csv: `${name}/metrics.csv`, gif: `${name}/evolution.gif`, gifScale: gif.scale };
}

/** Writes the evolution export of `snapshot` to the folder `out`, atomically (temporary folder + rename). */
export async function exportEvolution(snapshot: Snapshot, snapshotName: string, out: string, options: EvolutionExportOptions = {}): Promise<EvolutionExportResult> {
  const evolutions = findEvolutions(snapshot, options.surfaceId);
  const existing = await checkTarget(out);
  const names = folderNames(evolutions);
  await mkdir(dirname(out), { recursive: true });
  const temporary = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.partial`);
  await mkdir(temporary);
  try {
    const folders: EvolutionFolderSummary[] = [];
    for (const [i, evolution] of evolutions.entries()) {
      options.progress?.(i, evolutions.length, names[i]);
      folders.push(await writeEvolutionFolder(join(temporary, names[i]), evolution, names[i], options));
    }
    const manifest = { format: 'landscape-lab-evolution', appVersion: APP_VERSION, snapshot: snapshotName, createdAt: new Date().toISOString(), folders };
    await writeFile(join(temporary, EVOLUTION_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
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

/** The evolution export as one zip at `outZip` (its folder inside is named after the zip). */
export async function exportEvolutionZip(snapshot: Snapshot, snapshotName: string, outZip: string, options: EvolutionExportOptions = {}): Promise<EvolutionExportResult> {
  const scratch = await mkdtemp(join(tmpdir(), 'lab-evolution-'));
  try {
    const inner = basename(outZip).replace(/\.zip$/i, '') || 'evolution';
    const result = await exportEvolution(snapshot, snapshotName, join(scratch, inner), options);
    const files: Record<string, Uint8Array> = {};
    const add = async (relative: string): Promise<void> => {
      const path = join(scratch, relative);
      if ((await stat(path)).isDirectory()) for (const name of await readdir(path)) await add(`${relative}/${name}`);
      else files[relative] = new Uint8Array(await readFile(path));
    };
    await add(inner);
    await mkdir(dirname(outZip), { recursive: true });
    await writeFileAtomic(outZip, zipSync(files, { level: 6 }));
    return { path: outZip, folders: result.folders };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
