/**
 * `.npy` files (NumPy format v1.0: magic, version, a Python-dict header padded
 * with spaces to a multiple of 64 bytes, then raw little-endian C-order data)
 * and a folder export for people who prefer numpy to HDF5:
 *
 *   index.json                        what is where (written last: its presence means the folder is complete)
 *   xcoordinates.npy, ycoordinates.npy   <f8
 *   train_loss.npy, train_acc.npy, …     <f4 [ny, nx] ([nx] for a line), Z[y][x], accuracy in percent, −1 = unfinished
 *   done.npy                          |u1, 1 = computed
 *   xdirection/<i>.npy, ydirection/<i>.npy, weights/<i>.npy   <f4, TensorFlow.js shape, `weightNames` order
 *
 * Same names, units and orientation as the HDF5 exports (see export-h5.ts and
 * export-directions-h5.ts for why); each file is written atomically.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { jsonWithNonFinite, type SurfaceData } from '../../contract.ts';
import { APP_VERSION } from '../../app-version.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { ExportError, exportGrid, withUnfinishedMarked } from './export-grid.ts';
import {
  AXIS_ORDER_NOTE,
  parameterLayout,
  pytorchPermutation,
  splitFlat,
  type DirectionVectors,
} from './export-parameters.ts';

export type NpyArray = Float32Array | Float64Array | Uint8Array | BigInt64Array;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

function descrOf(data: NpyArray): string {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Float64Array) return '<f8';
  if (data instanceof BigInt64Array) return '<i8';
  return '|u1';
}

/**
 * Encodes one array as NPY v1.0 bytes.
 * @param shape C-order shape; its product must equal `data.length` (`[]` for a scalar).
 */
export function encodeNpy(data: NpyArray, shape: number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new ExportError(`NPY: shape [${shape.join(', ')}] holds ${count} values, data has ${data.length}.`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descrOf(data)}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const preamble = MAGIC.length + 2 + 2;
  const headerLength = Math.ceil((preamble + dict.length + 1) / 64) * 64 - preamble;
  if (headerLength > 0xffff) throw new ExportError(`NPY: header of ${headerLength} bytes does not fit format v1.0.`);
  const out = new Uint8Array(preamble + headerLength + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1; // major version
  out[7] = 0; // minor version
  new DataView(out.buffer).setUint16(8, headerLength, true);
  const header = dict.padEnd(headerLength - 1, ' ') + '\n';
  for (let i = 0; i < header.length; i++) out[preamble + i] = header.charCodeAt(i);
  // Typed arrays are in host byte order, little-endian on every platform we ship (x64, arm64).
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), preamble + headerLength);
  return out;
}

export interface NpyFolderContent {
  surface?: SurfaceData;
  directions?: DirectionVectors;
  /** Centre weights θ, flat in the directions' `weightNames` order (needs `directions` for the layout). */
  weights?: Float32Array;
}

export interface NpyParameterEntry {
  index: number;
  name: string;
  tfjsShape: number[];
  pytorchPermutation: number[] | null;
  xdirection: string;
  ydirection: string | null;
  weights: string | null;
}

/** index.json */
export interface NpyIndex {
  format: 'landscape-lab-npy';
  formatVersion: 1;
  appVersion: string;
  surface: {
    id: string;
    runId: string;
    label: string;
    /** `[ny, nx]` for a plane, `[nx]` for a line. */
    shape: number[];
    orientation: string;
    accuracyUnits: 'percent';
    unfinishedValue: -1;
    /** Array name (train_loss, …, xcoordinates, done) → file. */
    files: Record<string, string>;
    recipe: SurfaceData['recipe'];
    metrics: SurfaceData['metrics'];
    pca: SurfaceData['pca'];
  } | null;
  parameters: { axisOrder: string; tensors: NpyParameterEntry[] } | null;
}

/**
 * Writes surface arrays, directions and weights as a folder of `.npy` files
 * plus `index.json` (created when missing; other files there are left alone).
 * Non-finite metrics appear in index.json as the strings "NaN", "Infinity".
 * @returns the index written.
 */
export async function exportNpyFolder(dir: string, content: NpyFolderContent): Promise<NpyIndex> {
  const files: Array<[string, Uint8Array]> = [];
  const index: NpyIndex = { format: 'landscape-lab-npy', formatVersion: 1, appVersion: APP_VERSION, surface: null, parameters: null };

  if (content.surface) {
    const surface = content.surface;
    const grid = exportGrid(surface);
    const named: Record<string, string> = {};
    const add = (name: string, data: NpyArray, shape: number[]): void => {
      named[name] = `${name}.npy`;
      files.push([named[name], encodeNpy(data, shape)]);
    };
    add('xcoordinates', Float64Array.from(grid.xCoordinates), [grid.nx]);
    if (grid.is2D) add('ycoordinates', Float64Array.from(grid.yCoordinates), [grid.ny]);
    for (const array of grid.arrays) add(array.name, withUnfinishedMarked(grid, array), grid.shape);
    add('done', Uint8Array.from(grid.done), grid.shape);
    index.surface = {
      id: surface.id,
      runId: surface.runId,
      label: surface.label,
      shape: grid.shape,
      orientation: grid.is2D ? 'Z[y][x]: row = y index, column = x index' : 'Z[x]',
      accuracyUnits: 'percent',
      unfinishedValue: -1,
      files: named,
      recipe: surface.recipe,
      metrics: surface.metrics,
      pca: surface.pca,
    };
  }

  if (content.weights && !content.directions) {
    throw new ExportError('NPY folder: centre weights need the directions (their names and shapes) to be exported with them.');
  }
  if (content.directions) {
    const directions = content.directions;
    const layout = parameterLayout(directions.weightNames, directions.weightShapes);
    const lists: Array<[string, Float32Array[] | null]> = [
      ['xdirection', splitFlat(layout, directions.x, 'x direction')],
      ['ydirection', directions.y ? splitFlat(layout, directions.y, 'y direction') : null],
      ['weights', content.weights ? splitFlat(layout, content.weights, 'centre weight vector') : null],
    ];
    for (const [group, parts] of lists) {
      if (parts) layout.forEach((t) => files.push([`${group}/${t.index}.npy`, encodeNpy(parts[t.index], t.shape)]));
    }
    index.parameters = {
      axisOrder: AXIS_ORDER_NOTE,
      tensors: layout.map((t) => ({
        index: t.index,
        name: t.name,
        tfjsShape: t.shape,
        pytorchPermutation: pytorchPermutation(t.shape.length),
        xdirection: `xdirection/${t.index}.npy`,
        ydirection: directions.y ? `ydirection/${t.index}.npy` : null,
        weights: content.weights ? `weights/${t.index}.npy` : null,
      })),
    };
  }

  if (!index.surface && !index.parameters) throw new ExportError('NPY folder: nothing to export (no surface, no directions).');
  await mkdir(dir, { recursive: true });
  for (const sub of new Set(files.map(([path]) => path.split('/').slice(0, -1).join('/')).filter(Boolean))) {
    await mkdir(join(dir, sub), { recursive: true });
  }
  for (const [path, bytes] of files) await writeFileAtomic(join(dir, path), bytes);
  await writeFileAtomic(join(dir, 'index.json'), new TextEncoder().encode(jsonWithNonFinite(index, 1)));
  return index;
}
