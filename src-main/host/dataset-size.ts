/**
 * How many examples an experiment's data spec trains and tests on, found
 * without loading the data: known sizes for the built-in sets, the item
 * count in the IDX headers otherwise.
 */
import { createReadStream, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { DataSpec } from '../contract.ts';
import { CIFAR10_ARCHIVE_NAME } from '../engine/data/cifar10.ts';

export interface DatasetSize {
  train: number;
  test: number;
}

/** The published split sizes of MNIST (built in) and CIFAR-10. */
const KNOWN_SIZES = { mnist: { train: 60_000, test: 10_000 }, cifar10: { train: 50_000, test: 10_000 } } as const;

/** The first `count` bytes of a file, gunzipped when it ends in `.gz`. */
async function headBytes(path: string, count: number): Promise<Buffer> {
  const stream = path.endsWith('.gz') ? createReadStream(path).pipe(createGunzip()) : createReadStream(path, { end: count - 1 });
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= count) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, count);
}

/** Item count of the split's image file in an IDX folder (big-endian uint32 after the magic number). */
async function idxImageCount(folder: string, split: 'train' | 'test'): Promise<number> {
  const pattern = split === 'train' ? /^train-images[-.]idx3-ubyte(\.gz)?$/ : /^(t10k|test)-images[-.]idx3-ubyte(\.gz)?$/;
  const name = (await readdir(folder)).find((entry) => pattern.test(entry));
  if (!name) throw new Error(`No ${split} images file (IDX) in ${folder}.`);
  const head = await headBytes(join(folder, name), 8);
  if (head.length < 8) throw new Error(`${name} is too short to be an IDX file.`);
  return head.readUInt32BE(4);
}

/** Examples per epoch (train) and per evaluation (test) for `data`, limits applied. */
export async function datasetSize(data: DataSpec, cacheDir: string): Promise<DatasetSize> {
  let full: DatasetSize;
  if (data.source === 'idx') {
    if (!data.path) throw new Error('An IDX data set needs a folder.');
    full = { train: await idxImageCount(data.path, 'train'), test: await idxImageCount(data.path, 'test') };
  } else {
    if (data.source === 'cifar10' && !data.path && !existsSync(join(cacheDir, CIFAR10_ARCHIVE_NAME))) {
      throw new Error('CIFAR-10 is not downloaded yet. Download it first: the estimate times real training steps on the data.');
    }
    full = KNOWN_SIZES[data.source];
  }
  return {
    train: Math.min(full.train, data.trainLimit ?? Infinity),
    test: Math.min(full.test, data.testLimit ?? Infinity),
  };
}
