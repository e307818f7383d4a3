import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseIdxImages, parseIdxLabels, readIdxImages } from '../../src-main/engine/data/idx.ts';
import { readIdxFolder } from '../../src-main/engine/data/idx-folder.ts';
import { idxImagesBytes, idxLabelsBytes, randomBytes, writeIdxFixture } from '../support/fixtures.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lab-idx-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('IDX files', () => {
  const pixels = randomBytes(5 * 3 * 4, 3);
  const images = idxImagesBytes(pixels, 5, 3, 4);

  it('parse back to the pixels and dimensions they were written with', () => {
    const parsed = parseIdxImages(images, 'x');
    expect([parsed.count, parsed.rows, parsed.cols]).toEqual([5, 3, 4]);
    expect(Array.from(parsed.pixels)).toEqual(Array.from(pixels));
    const labels = parseIdxLabels(idxLabelsBytes(Uint8Array.of(3, 1, 4)), 'y', { numClasses: 10 });
    expect(Array.from(labels.labels)).toEqual([3, 1, 4]);
  });

  it('parse the same when gzipped', () => {
    const parsed = parseIdxImages(gzipSync(images), 'x.gz');
    expect(Array.from(parsed.pixels)).toEqual(Array.from(pixels));
  });

  it('are read from a path, naming the file in errors', async () => {
    const path = join(root, 'some-images-idx3-ubyte');
    await writeFile(path, images.subarray(0, 30));
    await expect(readIdxImages(path)).rejects.toThrow(/^some-images-idx3-ubyte: expected 76 bytes for 5×3×4 images, found 30$/);
  });

  it('that are truncated say how many bytes were expected and found', () => {
    expect(() => parseIdxImages(images.subarray(0, 40), 'train-images-idx3-ubyte')).toThrow(
      'train-images-idx3-ubyte: expected 76 bytes for 5×3×4 images, found 40',
    );
    expect(() => parseIdxImages(images.subarray(0, 10), 'train-images-idx3-ubyte')).toThrow(/truncated header/);
    expect(() => parseIdxLabels(new Uint8Array(2), 'train-labels-idx1-ubyte')).toThrow(/too short/);
  });

  it('with trailing bytes are rejected as wrong-sized', () => {
    const longer = new Uint8Array(images.length + 3);
    longer.set(images);
    expect(() => parseIdxImages(longer, 'f')).toThrow('f: expected 76 bytes for 5×3×4 images, found 79');
  });

  it('with a bad magic number are rejected, saying what the file looks like', () => {
    expect(() => parseIdxImages(idxLabelsBytes(Uint8Array.of(1)), 'swapped')).toThrow(
      /swapped: bad magic 0x00000801 \(an IDX label file\), expected 0x00000803/,
    );
    expect(() => parseIdxLabels(randomBytes(100, 9), 'noise')).toThrow(/noise: bad magic 0x[0-9a-f]{8} \(not an IDX file/);
  });

  it('with a label beyond the classes name the label and its index', () => {
    expect(() => parseIdxLabels(idxLabelsBytes(Uint8Array.of(1, 2, 10)), 'labels', { numClasses: 10 })).toThrow(
      'labels: label 10 at index 2 is out of range, expected 0..9',
    );
  });

  it('with corrupt gzip data say so, naming the file', () => {
    const gz = gzipSync(images);
    expect(() => parseIdxImages(gz.subarray(0, gz.length - 12), 'a.gz')).toThrow(/^a\.gz: corrupt gzip data/);
    const garbled = Uint8Array.from(gz);
    garbled.fill(0xff, 10, 30);
    expect(() => parseIdxImages(garbled, 'b.gz')).toThrow(/^b\.gz: corrupt gzip data/);
  });
});

describe('IDX folders', () => {
  it('round-trip plain files found by their standard names', async () => {
    const dir = join(root, 'plain');
    const fixture = await writeIdxFixture(dir);
    const folder = await readIdxFolder(dir);
    expect([folder.height, folder.width, folder.channels, folder.numClasses]).toEqual([4, 6, 1, 10]);
    expect(folder.train.count).toBe(30);
    expect(Array.from(folder.train.images)).toEqual(Array.from(fixture.train.images));
    expect(Array.from(folder.test.labels)).toEqual(Array.from(fixture.test.labels));
    expect(folder.files).toEqual(fixture.files);
  });

  it('round-trip gzipped files with the same content hash as plain ones', async () => {
    const plain = join(root, 'hash-plain');
    const zipped = join(root, 'hash-gz');
    await writeIdxFixture(plain, { seed: 5 });
    const fixture = await writeIdxFixture(zipped, { seed: 5, gzip: true });
    const a = await readIdxFolder(plain);
    const b = await readIdxFolder(zipped);
    expect(Array.from(b.test.images)).toEqual(Array.from(fixture.test.images));
    expect(b.sha256).toBe(a.sha256);
    expect(b.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('report a missing file by the names looked for', async () => {
    const dir = join(root, 'missing');
    await writeIdxFixture(dir);
    await unlink(join(dir, 't10k-labels-idx1-ubyte'));
    await expect(readIdxFolder(dir)).rejects.toThrow(/missing the test labels file \(looked for t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte\.gz\)/);
  });

  it('report a label count that differs from the image count', async () => {
    const dir = join(root, 'count');
    await writeIdxFixture(dir, { train: 30 });
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), idxLabelsBytes(new Uint8Array(29)));
    await expect(readIdxFolder(dir)).rejects.toThrow(
      'train-labels-idx1-ubyte: 29 labels for 30 images in train-images-idx3-ubyte; the counts must match',
    );
  });

  it('report a test label outside the classes of the training labels', async () => {
    const dir = join(root, 'range');
    await writeIdxFixture(dir, { test: 3 });
    await writeFile(join(dir, 't10k-labels-idx1-ubyte'), idxLabelsBytes(Uint8Array.of(0, 42, 1)));
    await expect(readIdxFolder(dir)).rejects.toThrow('t10k-labels-idx1-ubyte: label 42 at index 1 is out of range, expected 0..9');
    await expect(readIdxFolder(dir, { numClasses: 50 })).resolves.toMatchObject({ numClasses: 50 });
  });

  it('say that an empty training or test set is empty', async () => {
    const dir = join(root, 'empty');
    await writeIdxFixture(dir);
    await writeFile(join(dir, 'train-images-idx3-ubyte'), idxImagesBytes(new Uint8Array(0), 0, 4, 6));
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), idxLabelsBytes(new Uint8Array(0)));
    await expect(readIdxFolder(dir)).rejects.toThrow('train-images-idx3-ubyte: the training set is empty (0 images); there is nothing to train on');
    await writeIdxFixture(dir);
    await writeFile(join(dir, 't10k-images-idx3-ubyte'), idxImagesBytes(new Uint8Array(0), 0, 4, 6));
    await writeFile(join(dir, 't10k-labels-idx1-ubyte'), idxLabelsBytes(new Uint8Array(0)));
    await expect(readIdxFolder(dir)).rejects.toThrow('t10k-images-idx3-ubyte: the test set is empty (0 images); there is nothing to evaluate on');
  });

  it('infer up to 100 classes from the training labels and refuse a label beyond, naming its index', async () => {
    const dir = join(root, 'classes');
    await writeIdxFixture(dir, { train: 4 });
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), idxLabelsBytes(Uint8Array.of(0, 1, 46, 2)));
    await expect(readIdxFolder(dir)).resolves.toMatchObject({ numClasses: 47 });
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), idxLabelsBytes(Uint8Array.of(0, 1, 2, 255)));
    await expect(readIdxFolder(dir)).rejects.toThrow(
      'train-labels-idx1-ubyte: label 255 at index 3 is out of range: labels must be 0..99 (at most 100 classes)',
    );
  });

  it('report a truncated gzipped file by its name', async () => {
    const dir = join(root, 'truncated-gz');
    await writeIdxFixture(dir, { gzip: true });
    const path = join(dir, 'train-images-idx3-ubyte.gz');
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length >> 1));
    await expect(readIdxFolder(dir)).rejects.toThrow(/^train-images-idx3-ubyte\.gz: corrupt gzip data/);
  });

  it('report a folder that does not exist', async () => {
    await expect(readIdxFolder(join(root, 'nowhere'))).rejects.toThrow(/IDX folder .*nowhere: cannot be read/);
  });
});
