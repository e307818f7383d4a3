/**
 * Small generated data set files for tests: IDX folders (MNIST layout),
 * CIFAR-10 binary batches (folder or official-style tar.gz), and the tar
 * writer behind them. Content is deterministic per seed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mulberry32 } from '../../src-main/engine/data/seeded-random.ts';

export function randomBytes(length: number, seed: number): Uint8Array {
  const random = mulberry32(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256);
  return out;
}

/** Labels 0..numClasses−1 in turn, so every class is present. */
export function cyclicLabels(count: number, numClasses = 10, offset = 0): Uint8Array {
  return Uint8Array.from({ length: count }, (_, i) => (i + offset) % numClasses);
}

function withHeader(magic: number, dims: number[], body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(body, 4 + 4 * dims.length);
  return out;
}

/** An IDX3 image file: pixels [count, rows, cols]. */
export function idxImagesBytes(pixels: Uint8Array, count: number, rows: number, cols: number): Uint8Array {
  return withHeader(0x00000803, [count, rows, cols], pixels);
}

/** An IDX1 label file. */
export function idxLabelsBytes(labels: Uint8Array): Uint8Array {
  return withHeader(0x00000801, [labels.length], labels);
}

export interface FixtureSplit {
  /** Pixel bytes, NHWC [count, h, w, c] (what the readers should return). */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface IdxFixture {
  rows: number;
  cols: number;
  train: FixtureSplit;
  test: FixtureSplit;
  /** Names written: train images, train labels, test images, test labels. */
  files: string[];
}

/** Writes the four MNIST-named IDX files into `dir` (created when missing). */
export async function writeIdxFixture(
  dir: string,
  { train = 30, test = 12, rows = 4, cols = 6, gzip = false, seed = 1 } = {},
): Promise<IdxFixture> {
  await mkdir(dir, { recursive: true });
  const make = (count: number, s: number): FixtureSplit => ({
    images: randomBytes(count * rows * cols, s),
    labels: cyclicLabels(count, 10, s),
    count,
  });
  const splits = { train: make(train, seed), test: make(test, seed + 1) };
  const suffix = gzip ? '.gz' : '';
  const files = [
    `train-images-idx3-ubyte${suffix}`,
    `train-labels-idx1-ubyte${suffix}`,
    `t10k-images-idx3-ubyte${suffix}`,
    `t10k-labels-idx1-ubyte${suffix}`,
  ];
  const contents = [
    idxImagesBytes(splits.train.images, train, rows, cols),
    idxLabelsBytes(splits.train.labels),
    idxImagesBytes(splits.test.images, test, rows, cols),
    idxLabelsBytes(splits.test.labels),
  ];
  await Promise.all(files.map((f, i) => writeFile(join(dir, f), gzip ? gzipSync(contents[i]) : contents[i])));
  return { rows, cols, ...splits, files };
}

/** CIFAR records: per example one label byte then the R, G, B planes of NHWC `images` [n, 32, 32, 3]. */
export function cifarBatchBytes(images: Uint8Array, labels: Uint8Array): Uint8Array {
  const out = new Uint8Array(labels.length * 3073);
  for (let n = 0; n < labels.length; n++) {
    const base = n * 3073;
    out[base] = labels[n];
    for (let p = 0; p < 1024; p++) {
      for (let ch = 0; ch < 3; ch++) out[base + 1 + ch * 1024 + p] = images[n * 3072 + p * 3 + ch];
    }
  }
  return out;
}

/** A tar archive (ustar headers) of the given files; names up to 100 characters. */
export function tarBytes(entries: Array<{ name: string; data: Uint8Array }>): Uint8Array {
  const blocks: Uint8Array[] = [];
  const encoder = new TextEncoder();
  const field = (header: Uint8Array, offset: number, text: string) => header.set(encoder.encode(text), offset);
  for (const { name, data } of entries) {
    const header = new Uint8Array(512);
    field(header, 0, name);
    field(header, 100, '0000644\0');
    field(header, 108, '0000000\0');
    field(header, 116, '0000000\0');
    field(header, 124, `${data.length.toString(8).padStart(11, '0')}\0`);
    field(header, 136, '00000000000\0');
    header[156] = 0x30;
    field(header, 257, 'ustar\u000000');
    header.fill(0x20, 148, 156);
    const sum = header.reduce((a, b) => a + b, 0);
    field(header, 148, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((a, b) => a + b.length, 0));
  let offset = 0;
  for (const b of blocks) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}

export interface CifarFixture {
  train: FixtureSplit;
  test: FixtureSplit;
  /** The archive (archive: true) or the batch folder written. */
  path: string;
  /** file name → bytes of every batch file, as written. */
  batches: Map<string, Uint8Array>;
}

export const CIFAR_FIXTURE_CLASS_NAMES = ['a0', 'b1', 'c2', 'd3', 'e4', 'f5', 'g6', 'h7', 'i8', 'j9'];

/**
 * Writes CIFAR-10 binary batches into `dir`: the folder `cifar-10-batches-bin/`,
 * or with `archive` the official-style `cifar-10-binary.tar.gz` holding it.
 */
export async function writeCifarFixture(
  dir: string,
  { trainPerBatch = 3, test = 5, archive = false, meta = true, seed = 7 } = {},
): Promise<CifarFixture> {
  const make = (count: number, s: number): FixtureSplit => ({
    images: randomBytes(count * 3072, s),
    labels: cyclicLabels(count, 10, s),
    count,
  });
  const trainSplit = make(trainPerBatch * 5, seed);
  const testSplit = make(test, seed + 1);
  const batches = new Map<string, Uint8Array>();
  for (let b = 0; b < 5; b++) {
    const range = [b * trainPerBatch, (b + 1) * trainPerBatch];
    batches.set(
      `data_batch_${b + 1}.bin`,
      cifarBatchBytes(trainSplit.images.subarray(range[0] * 3072, range[1] * 3072), trainSplit.labels.subarray(range[0], range[1])),
    );
  }
  batches.set('test_batch.bin', cifarBatchBytes(testSplit.images, testSplit.labels));
  const files = [...batches].map(([name, data]) => ({ name: `cifar-10-batches-bin/${name}`, data }));
  if (meta) files.push({ name: 'cifar-10-batches-bin/batches.meta.txt', data: new TextEncoder().encode(`${CIFAR_FIXTURE_CLASS_NAMES.join('\n')}\n\n`) });
  await mkdir(dir, { recursive: true });
  if (archive) {
    const path = join(dir, 'cifar-10-binary.tar.gz');
    await writeFile(path, gzipSync(tarBytes(files)));
    return { train: trainSplit, test: testSplit, path, batches };
  }
  const folder = join(dir, 'cifar-10-batches-bin');
  await mkdir(folder, { recursive: true });
  await Promise.all(files.map((f) => writeFile(join(dir, f.name), f.data)));
  return { train: trainSplit, test: testSplit, path: folder, batches };
}
