/**
 * A surface as VTK XML PolyData (`.vtp`) for ParaView: one point per grid
 * point at (x, y, height), grid quads as Polys (a 1D line: segments as
 * Lines), and point data arrays `train_loss`, `train_acc` (percent), the test
 * arrays when computed, `height` (the z actually drawn) and `done`.
 *
 * Height follows the reference's `h52vtp.py`: values above `zMax` are clamped
 * to it (its `--zmax`), then `log` takes ln(z + 0.1) (its `--log`); we add a
 * `zScale` factor. Non-finite values and unfinished points cannot be drawn:
 * their height is the largest finite height (the smallest for −∞), while the
 * data arrays keep the true value (NaN for an unfinished point, with
 * `done` = 0), and a quad touching an unfinished point is left out, so holes
 * show what is not computed yet. Data are inline base64 binary (format 0.1,
 * UInt32 byte-count header encoded together with the data, as VTK's own writer
 * does): ASCII cannot carry NaN or ±∞ through VTK's number parser.
 */
import type { SurfaceArrayName, SurfaceData } from '../../contract.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { ExportError, exportGrid, type ExportGrid } from './export-grid.ts';

export interface VtpOptions {
  /** The array that gives the height; default `trainLoss`. */
  height?: SurfaceArrayName;
  /** Clamp heights above this value (reference `--zmax`); absent or ≤ 0: no clamp. */
  zMax?: number;
  /** Height = ln(z + 0.1), after the clamp (reference `--log`). */
  log?: boolean;
  /** Multiply heights by this factor, after log; default 1. */
  zScale?: number;
}

type VtkType = 'Float32' | 'Int32' | 'UInt8';

/** One inline binary DataArray: base64 of [UInt32 byte count][little-endian values]. */
function dataArray(type: VtkType, name: string, values: Float32Array | Int32Array | Uint8Array, components = 1): string {
  const bytes = new Uint8Array(4 + values.byteLength);
  new DataView(bytes.buffer).setUint32(0, values.byteLength, true);
  // Typed arrays are in host byte order, little-endian on every platform we ship (x64, arm64).
  bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), 4);
  const base64 = Buffer.from(bytes).toString('base64');
  return `        <DataArray type="${type}" Name="${name}" NumberOfComponents="${components}" format="binary">\n          ${base64}\n        </DataArray>\n`;
}

/** Heights as drawn: clamp, log, scale, then non-finite and unfinished points moved to the finite extremes. */
export function surfaceHeights(grid: ExportGrid, values: Float32Array, options: VtpOptions): Float32Array {
  const zMax = options.zMax !== undefined && options.zMax > 0 ? options.zMax : Infinity;
  const scale = options.zScale ?? 1;
  const heights = new Float32Array(values.length);
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) {
    let z = Math.min(values[i], zMax);
    if (options.log) z = Math.log(z + 0.1);
    z *= scale;
    heights[i] = z;
    if (grid.done[i] && Number.isFinite(z)) {
      low = Math.min(low, z);
      high = Math.max(high, z);
    }
  }
  if (low === Infinity) low = high = 0;
  for (let i = 0; i < heights.length; i++) {
    if (!grid.done[i]) heights[i] = high;
    else if (heights[i] === -Infinity) heights[i] = low;
    else if (!Number.isFinite(heights[i])) heights[i] = high;
  }
  return heights;
}

/** Encodes a surface as a `.vtp` document. */
export function encodeSurfaceVtp(surface: SurfaceData, options: VtpOptions = {}): string {
  const grid = exportGrid(surface);
  const heightKey = options.height ?? 'trainLoss';
  const heightArray = grid.arrays.find((a) => a.key === heightKey);
  if (!heightArray) throw new ExportError(`Surface "${surface.id}": no ${heightKey} values to draw as height.`);
  const { nx, ny } = grid;
  const count = nx * ny;
  const heights = surfaceHeights(grid, heightArray.values, options);

  const points = new Float32Array(3 * count);
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const i = iy * nx + ix;
      points[3 * i] = grid.xCoordinates[ix];
      points[3 * i + 1] = grid.is2D ? grid.yCoordinates[iy] : 0;
      points[3 * i + 2] = heights[i];
    }
  }

  // Cells: quads (counter-clockwise seen from +z) for a plane, segments for a line; none across unfinished points.
  const connectivity: number[] = [];
  const offsets: number[] = [];
  const corners = grid.is2D ? [0, 1, nx + 1, nx] : [0, 1];
  for (let iy = 0; iy < (grid.is2D ? ny - 1 : 1); iy++) {
    for (let ix = 0; ix < nx - 1; ix++) {
      const cell = corners.map((c) => iy * nx + ix + c);
      if (cell.some((i) => !grid.done[i])) continue;
      connectivity.push(...cell);
      offsets.push(connectivity.length);
    }
  }
  const cellCount = offsets.length;
  const cellElement = grid.is2D ? 'Polys' : 'Lines';

  let pointData = '';
  for (const array of grid.arrays) {
    const values = Float32Array.from(array.values, (v, i) => (grid.done[i] ? v : NaN));
    pointData += dataArray('Float32', array.name, values);
  }
  pointData += dataArray('Float32', 'height', heights);
  pointData += dataArray('UInt8', 'done', Uint8Array.from(grid.done));

  return (
    '<?xml version="1.0"?>\n' +
    '<VTKFile type="PolyData" version="0.1" byte_order="LittleEndian">\n' +
    '  <PolyData>\n' +
    `    <Piece NumberOfPoints="${count}" NumberOfVerts="0" NumberOfLines="${grid.is2D ? 0 : cellCount}" NumberOfStrips="0" NumberOfPolys="${grid.is2D ? cellCount : 0}">\n` +
    `      <PointData Scalars="${heightArray.name}">\n${pointData}      </PointData>\n` +
    `      <Points>\n${dataArray('Float32', 'Points', points, 3)}      </Points>\n` +
    `      <${cellElement}>\n` +
    dataArray('Int32', 'connectivity', Int32Array.from(connectivity)) +
    dataArray('Int32', 'offsets', Int32Array.from(offsets)) +
    `      </${cellElement}>\n` +
    '    </Piece>\n' +
    '  </PolyData>\n' +
    '</VTKFile>\n'
  );
}

/** Writes a surface as `.vtp` to `path`, atomically. */
export async function writeSurfaceVtp(path: string, surface: SurfaceData, options: VtpOptions = {}): Promise<void> {
  await writeFileAtomic(path, new TextEncoder().encode(encodeSurfaceVtp(surface, options)));
}
