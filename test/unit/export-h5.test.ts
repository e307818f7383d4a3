import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, File as H5File, Group } from 'h5wasm/node';
import { loadH5wasm } from '../../src-main/engine/snapshot/export-h5-file.ts';
import { encodeSurfaceH5, writeSurfaceH5 } from '../../src-main/engine/snapshot/export-h5.ts';
import { APP_VERSION } from '../../src-main/app-version.ts';
import { X4, Y3, accuracyAt, lossAt, makeSurface, temporaryFolder } from './export-fixtures.ts';

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
const opened: H5File[] = [];
beforeAll(async () => {
  folder = await temporaryFolder();
});
afterAll(async () => {
  for (const file of opened) file.close();
  await folder.remove();
});

let counter = 0;
async function openH5(bytes: Uint8Array): Promise<H5File> {
  const h5 = await loadH5wasm();
  const path = join(folder.dir, `read-${counter++}.h5`);
  await writeFile(path, bytes);
  const file = new h5.File(path, 'r');
  opened.push(file);
  return file;
}

const dataset = (file: H5File, name: string): Dataset => file.get(name) as Dataset;
const numbers = (d: Dataset): number[] => Array.from(d.value as Float64Array);

describe('surface HDF5 export in the reference layout', () => {
  it('writes xcoordinates, ycoordinates, train_loss and train_acc with the reference names and [ny, nx] shapes', async () => {
    const file = await openH5(await encodeSurfaceH5(makeSurface()));
    expect(file.keys().sort()).toEqual(['landscape_lab', 'train_acc', 'train_loss', 'xcoordinates', 'ycoordinates']);
    expect(dataset(file, 'xcoordinates').shape).toEqual([4]);
    expect(dataset(file, 'ycoordinates').shape).toEqual([3]);
    expect(dataset(file, 'train_loss').shape).toEqual([3, 4]);
    expect(dataset(file, 'train_acc').shape).toEqual([3, 4]);
    expect(dataset(file, 'train_loss').dtype).toBe('<d');
    expect(numbers(dataset(file, 'xcoordinates'))).toEqual(X4);
    expect(numbers(dataset(file, 'ycoordinates'))).toEqual(Y3);
  });

  it('stores the grid as [y][x]: row iy, column ix holds the value at (x[ix], y[iy])', async () => {
    const file = await openH5(await encodeSurfaceH5(makeSurface()));
    const loss = numbers(dataset(file, 'train_loss'));
    const at = (iy: number, ix: number): number => loss[iy * 4 + ix];
    for (let iy = 0; iy < 3; iy++) for (let ix = 0; ix < 4; ix++) expect(at(iy, ix)).toBe(Math.fround(lossAt(X4[ix], Y3[iy])));
    // loss = 5 + x + 10·y: moving along a row changes x (small steps), down a column changes y (large steps).
    expect(at(0, 3) - at(0, 0)).toBeCloseTo(2, 5);
    expect(at(2, 0) - at(0, 0)).toBeCloseTo(8, 5);
  });

  it('stores accuracy in percent, as the reference does', async () => {
    const file = await openH5(await encodeSurfaceH5(makeSurface()));
    const accuracy = numbers(dataset(file, 'train_acc'));
    expect(accuracy[2 * 4 + 1]).toBeCloseTo(100 * accuracyAt(X4[1], Y3[2]), 4);
    expect(Math.max(...accuracy)).toBeGreaterThan(1);
  });

  it('marks unfinished points with −1 and keeps the done mask beside them', async () => {
    const file = await openH5(await encodeSurfaceH5(makeSurface({ unfinished: [1, 7] })));
    const loss = numbers(dataset(file, 'train_loss'));
    const accuracy = numbers(dataset(file, 'train_acc'));
    expect([loss[1], loss[7], accuracy[1], accuracy[7]]).toEqual([-1, -1, -1, -1]);
    expect(loss[0]).toBe(Math.fround(lossAt(X4[0], Y3[0])));
    const done = dataset(file, 'landscape_lab/done');
    expect(done.shape).toEqual([3, 4]);
    expect(Array.from(done.value as Uint8Array)).toEqual([1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1]);
  });

  it('keeps non-finite losses as they are', async () => {
    const surface = makeSurface();
    surface.values.trainLoss[3] = Infinity;
    surface.values.trainLoss[4] = NaN;
    const loss = numbers(dataset(await openH5(await encodeSurfaceH5(surface)), 'train_loss'));
    expect(loss[3]).toBe(Infinity);
    expect(loss[4]).toBeNaN();
  });

  it('writes a 1D line as xcoordinates and [nx] arrays without ycoordinates', async () => {
    const file = await openH5(await encodeSurfaceH5(makeSurface({ yCoordinates: [] })));
    expect(file.keys()).not.toContain('ycoordinates');
    expect(dataset(file, 'train_loss').shape).toEqual([4]);
    expect(numbers(dataset(file, 'train_loss'))).toEqual(X4.map((x) => Math.fround(lossAt(x, 0))));
  });

  it('adds test_loss and test_acc only when the test split was evaluated', async () => {
    const file = await openH5(await encodeSurfaceH5(makeSurface({ withTest: true })));
    expect(dataset(file, 'test_loss').shape).toEqual([3, 4]);
    expect(numbers(dataset(file, 'test_loss'))[5]).toBe(Math.fround(2 * lossAt(X4[1], Y3[1])));
    expect(numbers(dataset(file, 'test_acc'))[5]).toBeCloseTo(50 * accuracyAt(X4[1], Y3[1]), 4);
  });

  it('records the recipe, app version and directions file name for us while the reference ignores them', async () => {
    const surface = makeSurface();
    const file = await openH5(await encodeSurfaceH5(surface, { directionsFile: 'demo.directions.h5' }));
    const extras = file.get('landscape_lab') as Group;
    expect(extras.attrs['app_version'].value).toBe(APP_VERSION);
    expect(extras.attrs['surface_id'].value).toBe(surface.id);
    expect(JSON.parse(extras.attrs['recipe'].value as string)).toEqual(surface.recipe);
    expect(dataset(file, 'dir_file').value).toBe('demo.directions.h5');
  });

  it('writes the file to a path', async () => {
    const path = join(folder.dir, 'surface.h5');
    await writeSurfaceH5(path, makeSurface());
    const h5 = await loadH5wasm();
    const file = new h5.File(path, 'r');
    opened.push(file);
    expect((file.get('train_loss') as Dataset).shape).toEqual([3, 4]);
  });

  it('refuses a surface whose arrays do not match its grid, naming the surface', async () => {
    const surface = makeSurface({ id: 'broken' });
    surface.values.trainLoss = new Float32Array(5);
    await expect(encodeSurfaceH5(surface)).rejects.toThrow(/Surface "broken": train_loss has 5 values, expected nx·ny = 4·3 = 12/);
  });
});

