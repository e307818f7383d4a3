import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeNpy, exportNpyFolder } from '../../src-main/engine/snapshot/export-npy.ts';
import { X4, Y3, lossAt, makeSurface, temporaryFolder } from './export-fixtures.ts';

interface ParsedNpy {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  headerBytes: number;
  values: number[];
}

/** A minimal NPY v1.0 reader, independent of the writer. */
function parseNpy(bytes: Uint8Array): ParsedNpy {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint16(8, true);
  const header = new TextDecoder('latin1').decode(bytes.subarray(10, 10 + headerLength));
  expect(header.endsWith('\n')).toBe(true);
  const descr = /'descr': '([^']+)'/.exec(header)?.[1] ?? '';
  const fortranOrder = /'fortran_order': (True|False)/.exec(header)?.[1] === 'True';
  const shapeText = /'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const start = 10 + headerLength;
  const count = shape.reduce((a, b) => a * b, 1);
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    if (descr === '<f4') values.push(view.getFloat32(start + 4 * i, true));
    else if (descr === '<f8') values.push(view.getFloat64(start + 8 * i, true));
    else values.push(view.getUint8(start + i));
  }
  const itemSize = descr === '<f4' ? 4 : descr === '<f8' ? 8 : 1;
  expect(bytes.length).toBe(start + count * itemSize);
  return { descr, fortranOrder, shape, headerBytes: start, values };
}

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
beforeAll(async () => {
  folder = await temporaryFolder();
});
afterAll(async () => {
  await folder.remove();
});

describe('NPY encoding', () => {
  it('writes a C-order float32 array with a header padded to 64 bytes', () => {
    const parsed = parseNpy(encodeNpy(Float32Array.from([1, 2, 3, 4, 5, 6.5]), [2, 3]));
    expect(parsed).toMatchObject({ descr: '<f4', fortranOrder: false, shape: [2, 3], values: [1, 2, 3, 4, 5, 6.5] });
    expect(parsed.headerBytes % 64).toBe(0);
  });

  it('writes 1D shapes as a one-element tuple and supports float64 and uint8', () => {
    const bytes = encodeNpy(Float64Array.from([0.1, -0.2, 0.3]), [3]);
    expect(new TextDecoder().decode(bytes.subarray(10, 64))).toContain("'shape': (3,)");
    expect(parseNpy(bytes).values).toEqual([0.1, -0.2, 0.3]);
    expect(parseNpy(encodeNpy(Uint8Array.from([1, 0, 1]), [3]))).toMatchObject({ descr: '|u1', values: [1, 0, 1] });
  });

  it('keeps non-finite values bit for bit', () => {
    const parsed = parseNpy(encodeNpy(Float32Array.from([NaN, Infinity, -Infinity]), [3]));
    expect(parsed.values[0]).toBeNaN();
    expect(parsed.values.slice(1)).toEqual([Infinity, -Infinity]);
  });

  it('refuses a shape that does not hold the data', () => {
    expect(() => encodeNpy(new Float32Array(5), [2, 3])).toThrow(/shape \[2, 3\] holds 6 values, data has 5/);
  });
});

describe('NPY folder export', () => {
  const names = ['conv/kernel', 'conv/bias'];
  const shapes = [[2, 2, 1, 3], [3]];
  const flat = (base: number): Float32Array => Float32Array.from({ length: 15 }, (_, i) => base + i);

  it('writes the surface arrays as [ny, nx] float32 with −1 for unfinished points, and an index', async () => {
    const dir = join(folder.dir, 'surface');
    const index = await exportNpyFolder(dir, { surface: makeSurface({ unfinished: [6] }) });
    const load = async (name: string): Promise<ParsedNpy> => parseNpy(new Uint8Array(await readFile(join(dir, name))));
    const loss = await load('train_loss.npy');
    expect(loss).toMatchObject({ descr: '<f4', shape: [3, 4] });
    expect(loss.values[2 * 4 + 3]).toBe(Math.fround(lossAt(X4[3], Y3[2])));
    expect(loss.values[6]).toBe(-1);
    expect((await load('xcoordinates.npy')).values).toEqual(X4);
    expect((await load('ycoordinates.npy')).values).toEqual(Y3);
    expect((await load('done.npy')).values[6]).toBe(0);
    const written = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
    expect(written).toEqual(JSON.parse(JSON.stringify(index)));
    expect(written.surface.files).toEqual({
      xcoordinates: 'xcoordinates.npy',
      ycoordinates: 'ycoordinates.npy',
      train_loss: 'train_loss.npy',
      train_acc: 'train_acc.npy',
      done: 'done.npy',
    });
  });

  it('writes directions and weights per tensor in TF.js shape, listed by name in the index', async () => {
    const dir = join(folder.dir, 'directions');
    const index = await exportNpyFolder(dir, {
      directions: { weightNames: names, weightShapes: shapes, x: flat(0), y: flat(100) },
      weights: flat(200),
    });
    const kernel = parseNpy(new Uint8Array(await readFile(join(dir, 'ydirection/0.npy'))));
    expect(kernel).toMatchObject({ descr: '<f4', shape: [2, 2, 1, 3] });
    expect(kernel.values).toEqual(Array.from(flat(100).subarray(0, 12)));
    const bias = parseNpy(new Uint8Array(await readFile(join(dir, 'weights/1.npy'))));
    expect(bias.values).toEqual([212, 213, 214]);
    expect(index.parameters?.tensors[0]).toMatchObject({ name: 'conv/kernel', tfjsShape: [2, 2, 1, 3], pytorchPermutation: [3, 2, 0, 1] });
    expect(index.surface).toBeNull();
  });

  it('refuses weights without the directions that give their layout', async () => {
    await expect(exportNpyFolder(join(folder.dir, 'nothing'), { weights: flat(0) })).rejects.toThrow(/need the directions/);
  });
});
