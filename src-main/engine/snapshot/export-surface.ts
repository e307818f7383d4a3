/**
 * One entry point for surface exports from a snapshot (used by the CLI's
 * `export` and the app). Directions are not in the snapshot — they are
 * recomputed from the recipe's seed — so they are exported separately with
 * `writeDirectionsH5` or `exportNpyFolder`.
 */
import { resolve } from 'node:path';
import type { Snapshot, SurfaceData } from '../../contract.ts';
import { ExportError } from './export-grid.ts';
import { writeSurfaceCsv } from './export-csv.ts';
import { writeSurfaceH5 } from './export-h5.ts';
import { exportNpyFolder } from './export-npy.ts';
import { writeSurfaceVtp, type VtpOptions } from './export-vtp.ts';

export type SurfaceExportFormat = 'h5' | 'csv' | 'vtp' | 'npy';

export const SURFACE_EXPORT_FORMATS: readonly SurfaceExportFormat[] = ['h5', 'csv', 'vtp', 'npy'];

export interface SurfaceExportOptions {
  vtp?: VtpOptions;
}

/** The surface with this id, or the snapshot's first surface when `surfaceId` is undefined. */
export function findSurface(snapshot: Snapshot, surfaceId: string | undefined): SurfaceData {
  const name = snapshot.header.name;
  if (snapshot.surfaces.length === 0) throw new ExportError(`Snapshot "${name}" has no surfaces to export.`);
  if (surfaceId === undefined) return snapshot.surfaces[0];
  const surface = snapshot.surfaces.find((s) => s.id === surfaceId);
  if (!surface) {
    const known = snapshot.surfaces.map((s) => s.id).join(', ');
    throw new ExportError(`Snapshot "${name}" has no surface "${surfaceId}" (it has: ${known}).`);
  }
  return surface;
}

/**
 * Writes one surface of a snapshot in `format` to `outPath` (a folder for
 * `npy`), atomically per file.
 * @param surfaceId undefined: the first surface.
 * @returns the absolute path written.
 * @throws ExportError naming the surface and the problem.
 */
export async function exportSurface(
  snapshot: Snapshot,
  surfaceId: string | undefined,
  format: SurfaceExportFormat,
  outPath: string,
  options: SurfaceExportOptions = {},
): Promise<string> {
  const surface = findSurface(snapshot, surfaceId);
  const path = resolve(outPath);
  try {
    switch (format) {
      case 'h5':
        await writeSurfaceH5(path, surface);
        break;
      case 'csv':
        await writeSurfaceCsv(path, surface);
        break;
      case 'vtp':
        await writeSurfaceVtp(path, surface, options.vtp);
        break;
      case 'npy':
        await exportNpyFolder(path, { surface });
        break;
      default:
        throw new ExportError(`Surface "${surface.id}": unknown export format "${String(format)}" (use ${SURFACE_EXPORT_FORMATS.join(', ')}).`);
    }
  } catch (error) {
    if (error instanceof ExportError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ExportError(`Surface "${surface.id}": could not write ${format} to ${path}: ${reason}`, { cause: error });
  }
  return path;
}
