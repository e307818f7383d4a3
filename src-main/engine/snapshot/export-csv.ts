/**
 * A surface as CSV: header `x,y,train_loss,train_acc[,test_loss,test_acc]`
 * (no `y` column for a 1D line), one row per grid point in storage order —
 * y outer, x inner. Names and units as in the reference's HDF5 (accuracy in
 * percent). Non-finite values are `nan`, `inf`, `-inf` (what numpy and pandas
 * read back); an unfinished point has empty value cells. Values are float32
 * written as the shortest decimal that reads back as the same float32 (as
 * numpy prints float32), so "5.3333335", not the float64 5.333333492279053.
 */
import type { SurfaceData } from '../../contract.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { exportGrid } from './export-grid.ts';

/** The shortest decimal that reads back as the same float32 (at most 9 significant digits). */
export function formatFloat32(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return String(candidate);
  }
  return String(Number(value.toPrecision(9)));
}

/** Coordinates are float64 numbers: JavaScript's shortest round-trip form. */
function formatCoordinate(value: number): string {
  return String(value);
}

/** Encodes a surface as CSV text (LF line ends, trailing newline). */
export function encodeSurfaceCsv(surface: SurfaceData): string {
  const grid = exportGrid(surface);
  const header = [...(grid.is2D ? ['x', 'y'] : ['x']), ...grid.arrays.map((a) => a.name)].join(',');
  const lines = [header];
  for (let iy = 0; iy < grid.ny; iy++) {
    for (let ix = 0; ix < grid.nx; ix++) {
      const i = iy * grid.nx + ix;
      const cells = [formatCoordinate(grid.xCoordinates[ix])];
      if (grid.is2D) cells.push(formatCoordinate(grid.yCoordinates[iy]));
      for (const array of grid.arrays) cells.push(grid.done[i] ? formatFloat32(array.values[i]) : '');
      lines.push(cells.join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** Writes a surface as CSV to `path`, atomically. */
export async function writeSurfaceCsv(path: string, surface: SurfaceData): Promise<void> {
  await writeFileAtomic(path, new TextEncoder().encode(encodeSurfaceCsv(surface)));
}
