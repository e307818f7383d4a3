/**
 * `export --format evolution`: the landscape evolutions of a snapshot
 * (`surface --evolution`: one surface per checkpoint on one plane), each as
 *
 *   DIR/<run id>/frames/epoch-003.h5   a frame per checkpoint, the reference HDF5 layout (export-h5.ts);
 *                                      step-000120.h5 where the run checkpoints by steps
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
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Snapshot } from '../../contract.ts';
import { encodeEvolutionCsv } from './evolution-csv.ts';
import { findEvolutions, type Evolution } from './evolution-frames.ts';
import { encodeEvolutionGif } from './evolution-gif.ts';
import { manifestFileOf, safeFolderName, writeExportFolder, writeExportZip } from './export-folder.ts';
import { encodeSurfaceH5 } from './export-h5.ts';

const EVOLUTION_KIND = { format: 'landscape-lab-evolution', label: 'evolution' };
export const EVOLUTION_MANIFEST = manifestFileOf(EVOLUTION_KIND);

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
  /** `step`: the global step, where the run checkpoints by steps. */
  frames: Array<{ epoch: number; step?: number; surfaceId: string; h5: string }>;
  csv: string;
  gif: string;
  /** The GIF's shared colour scale (training loss). */
  gifScale: { min: number; max: number };
}

export interface EvolutionExportResult {
  path: string;
  folders: EvolutionFolderSummary[];
}

function folderNames(evolutions: Evolution[]): string[] {
  const used = new Map<string, number>();
  return evolutions.map((e) => {
    const base = safeFolderName(e.runId);
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
    const h5 = frame.step === undefined ? `frames/epoch-${String(frame.epoch).padStart(3, '0')}.h5` : `frames/step-${String(frame.step).padStart(6, '0')}.h5`;
    await writeFile(join(folder, h5), await encodeSurfaceH5(frame.surface));
    frames.push({ epoch: frame.epoch, ...(frame.step !== undefined ? { step: frame.step } : {}), surfaceId: frame.surface.id, h5: `${name}/${h5}` });
  }
  await writeFile(join(folder, 'metrics.csv'), encodeEvolutionCsv(evolution));
  const gif = encodeEvolutionGif(evolution.frames.map((f) => f.surface));
  await writeFile(join(folder, 'evolution.gif'), gif.bytes);
  return { folder: name, runId: evolution.runId, renormalise: evolution.renormalise, frames, csv: `${name}/metrics.csv`, gif: `${name}/evolution.gif`, gifScale: gif.scale };
}

/** Writes the evolution export of `snapshot` to the folder `out`, atomically (temporary folder + rename). */
export async function exportEvolution(snapshot: Snapshot, snapshotName: string, out: string, options: EvolutionExportOptions = {}): Promise<EvolutionExportResult> {
  const evolutions = findEvolutions(snapshot, options.surfaceId);
  const names = folderNames(evolutions);
  return writeExportFolder(
    out,
    EVOLUTION_KIND,
    snapshotName,
    async (temporary) => {
      const folders: EvolutionFolderSummary[] = [];
      for (const [i, evolution] of evolutions.entries()) {
        options.progress?.(i, evolutions.length, names[i]!);
        folders.push(await writeEvolutionFolder(join(temporary, names[i]!), evolution, names[i]!, options));
      }
      return folders;
    },
    { signal: options.signal },
  );
}

/** The evolution export as one zip at `outZip` (its folder inside is named after the zip). */
export function exportEvolutionZip(snapshot: Snapshot, snapshotName: string, outZip: string, options: EvolutionExportOptions = {}): Promise<EvolutionExportResult> {
  return writeExportZip(outZip, EVOLUTION_KIND, (folder) => exportEvolution(snapshot, snapshotName, folder, options));
}
