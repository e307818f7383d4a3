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
import { join } from 'node:path';
import type { Snapshot, SurfaceData } from '../../../contract.ts';
import { manifestFileOf, safeFolderName, writeExportFolder, writeExportZip } from '../../snapshot/export-folder.ts';
import { loadSnapshotDataset } from '../../surfaces/point-evaluator.ts';
import { writeReferenceFolder } from './reference-folder.ts';

const REFERENCE_KIND = { format: 'landscape-lab-reference', label: 'reference' };
export const REFERENCE_MANIFEST = manifestFileOf(REFERENCE_KIND);

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
  const targets = targetsOf(snapshot, options.surfaceId);
  let dataset: Awaited<ReturnType<typeof loadSnapshotDataset>> | null = null;
  const prepare = async (): Promise<void> => {
    if (targets.length === 0) throw new Error('The snapshot has no runs to export.');
    dataset = await loadSnapshotDataset(snapshot, { cacheDir: options.cacheDir, signal: options.signal });
  };
  return writeExportFolder(
    out,
    REFERENCE_KIND,
    snapshotName,
    async (temporary) => {
      const folders: ReferenceFolderSummary[] = [];
      for (const [i, target] of targets.entries()) {
        options.signal?.throwIfAborted();
        const run = snapshot.runs.find((r) => r.spec.id === target.runId);
        if (!run) throw new Error(`Surface ${target.surface?.id} belongs to run ${target.runId}, which is not in the snapshot.`);
        const folder = safeFolderName(target.surface?.id ?? run.spec.id);
        options.progress?.(i, targets.length, folder);
        const source = `run ${run.spec.id}${target.surface ? `, surface ${target.surface.id}` : ''} of ${snapshotName}`;
        const notes = await writeReferenceFolder(join(temporary, folder), { snapshot, run, surface: target.surface, dataset: dataset!, source });
        folders.push({ folder, runId: run.spec.id, surfaceId: target.surface?.id ?? null, notes });
      }
      return folders;
    },
    { signal: options.signal, prepare },
  );
}

/** The reference export as one zip at `outZip` (its folder inside is named after the zip). */
export function exportReferenceZip(snapshot: Snapshot, snapshotName: string, outZip: string, options: ReferenceExportOptions = {}): Promise<ReferenceExportResult> {
  return writeExportZip(outZip, REFERENCE_KIND, (folder) => exportReference(snapshot, snapshotName, folder, options));
}
