import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, File as H5File, Group } from 'h5wasm/node';
import { loadH5wasm } from '../../src-main/engine/snapshot/export-h5-file.ts';
import { encodeDirectionsH5, writeDirectionsH5 } from '../../src-main/engine/snapshot/export-directions-h5.ts';
import { pytorchPermutation, type DirectionVectors } from '../../src-main/engine/snapshot/export-parameters.ts';
import { temporaryFolder } from './export-fixtures.ts';

const names = ['conv1/kernel', 'conv1/bias', 'dense/kernel'];
const shapes = [[3, 3, 1, 2], [2], [4, 3]];
const total = 18 + 2 + 12;
/** Distinct values per vector so a swapped or shifted tensor cannot pass. */
const vector = (base: number): Float32Array => Float32Array.from({ length: total }, (_, i) => base + i);

function directions(withY: boolean): DirectionVectors {
  return { weightNames: names, weightShapes: shapes, x: vector(0), y: withY ? vector(1000) : null };
}

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
const opened: H5File[] = [];
beforeAll(async () => {
  folder = await temporaryFolder();
});
afterAll(async () => {
  for (const file of opened) file.close();
  await folder.remove();
});

async function openBytes(bytes: Uint8Array, name: string): Promise<H5File> {
  const h5 = await loadH5wasm();
  const path = join(folder.dir, name);
  await writeFile(path, bytes);
  const file = new h5.File(path, 'r');
  opened.push(file);
  return file;
}

const tensor = (file: H5File, path: string): Dataset => file.get(path) as Dataset;

describe('directions HDF5 export', () => {
  it('writes one dataset per weight under xdirection, ydirection and weights, in weight order with TF.js shapes', async () => {
    const file = await openBytes(await encodeDirectionsH5(directions(true), vector(5000)), 'plane.h5');
    expect(file.keys().sort()).toEqual(['weights', 'xdirection', 'ydirection']);
    for (const group of ['xdirection', 'ydirection', 'weights']) {
      expect((file.get(group) as Group).keys().sort()).toEqual(['0', '1', '2']);
      shapes.forEach((shape, i) => expect(tensor(file, `${group}/${i}`).shape).toEqual(shape));
    }
    expect(tensor(file, 'xdirection/0').dtype).toBe('<f');
  });

  it('round-trips the flat vectors exactly, tensor by tensor', async () => {
    const file = await openBytes(await encodeDirectionsH5(directions(true), vector(5000)), 'values.h5');
    const read = (group: string): number[] => [0, 1, 2].flatMap((i) => Array.from(tensor(file, `${group}/${i}`).value as Float32Array));
    expect(read('xdirection')).toEqual(Array.from(vector(0)));
    expect(read('ydirection')).toEqual(Array.from(vector(1000)));
    expect(read('weights')).toEqual(Array.from(vector(5000)));
    // conv1/bias starts right after the 18 kernel values.
    expect(Array.from(tensor(file, 'xdirection/1').value as Float32Array)).toEqual([18, 19]);
  });

  it('labels each dataset with its weight name, TF.js shape and the permutation to PyTorch order', async () => {
    const file = await openBytes(await encodeDirectionsH5(directions(false), null), 'attrs.h5');
    const kernel = tensor(file, 'xdirection/0');
    expect(kernel.attrs['name'].value).toBe('conv1/kernel');
    expect(Array.from(kernel.attrs['tfjs_shape'].value as Int32Array)).toEqual([3, 3, 1, 2]);
    expect(Array.from(kernel.attrs['pytorch_permutation'].value as Int32Array)).toEqual([3, 2, 0, 1]);
    expect(tensor(file, 'xdirection/1').attrs['pytorch_permutation']).toBeUndefined();
    expect(JSON.parse(file.attrs['weight_names'].value as string)).toEqual(names);
  });

  it('writes only xdirection for a 1D line without weights', async () => {
    const file = await openBytes(await encodeDirectionsH5(directions(false), null), 'line.h5');
    expect(file.keys()).toEqual(['xdirection']);
  });

  it('refuses a direction whose length does not match the weights, naming it', async () => {
    const bad = { ...directions(true), y: new Float32Array(7) };
    await expect(encodeDirectionsH5(bad, null)).rejects.toThrow(/y direction has 7 values, but the weights \(3 tensors\) have 32/);
  });

  it('writes the file to a path', async () => {
    const path = join(folder.dir, 'written.h5');
    await writeDirectionsH5(path, directions(true), null, { runId: 'run-a' });
    const h5 = await loadH5wasm();
    const file = new h5.File(path, 'r');
    opened.push(file);
    expect(file.attrs['run_id'].value).toBe('run-a');
    expect(tensor(file, 'ydirection/2').shape).toEqual([4, 3]);
  });
});

describe('the TF.js → PyTorch permutation', () => {
  it('is (1, 0) for dense, (2, 1, 0) for conv1d, (3, 2, 0, 1) for conv2d and none for rank ≤ 1', () => {
    expect(pytorchPermutation(2)).toEqual([1, 0]);
    expect(pytorchPermutation(3)).toEqual([2, 1, 0]);
    expect(pytorchPermutation(4)).toEqual([3, 2, 0, 1]);
    expect(pytorchPermutation(1)).toBeNull();
  });
});
