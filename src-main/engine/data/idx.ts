/**
 * IDX reader (the MNIST / Fashion-MNIST file format): a 4-byte magic
 * 0x0000TTNN (TT = element type, NN = number of dimensions), NN big-endian
 * uint32 dimensions, then the elements row-major. Only unsigned bytes
 * (TT = 0x08) occur in the image sets this app reads. Files may be gzipped.
 * Every defect becomes an Error that names the file and what is wrong.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { inflateIdx } from './idx-gunzip.ts';

export const IDX_LABELS_MAGIC = 0x00000801;
export const IDX_IMAGES_MAGIC = 0x00000803;

/** Images of an IDX3 file. */
export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** Pixel bytes: [count, rows, cols], row-major; a view into the file's bytes, not a copy. */
  pixels: Uint8Array;
}

/** Labels of an IDX1 file. */
export interface IdxLabels {
  count: number;
  /** [count]; a view into the file's bytes. */
  labels: Uint8Array;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

function describe(magic: number): string {
  if (magic === IDX_LABELS_MAGIC) return 'an IDX label file';
  if (magic === IDX_IMAGES_MAGIC) return 'an IDX image file';
  return 'not an IDX file of unsigned bytes';
}

/** Checks the magic and returns the dimensions; `expectedMagic` fixes type and rank. */
function readHeader(bytes: Uint8Array, name: string, expectedMagic: number, what: string): number[] {
  const rank = expectedMagic & 0xff;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < 4) {
    throw new Error(`${name}: file is ${bytes.length} bytes, too short for an IDX header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== expectedMagic) {
    throw new Error(
      `${name}: bad magic ${hex(magic)} (${describe(magic)}), expected ${hex(expectedMagic)} for ${what}`,
    );
  }
  if (bytes.length < headerBytes) {
    throw new Error(`${name}: truncated header, expected ${headerBytes} bytes, found ${bytes.length}`);
  }
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  return dims;
}

/** Exact size check: a truncated file and one with trailing bytes are equally suspect. */
function checkSize(bytes: Uint8Array, name: string, dims: number[], what: string): void {
  const headerBytes = 4 + 4 * dims.length;
  const expected = headerBytes + dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) {
    throw new Error(`${name}: expected ${expected} bytes for ${dims.join('×')} ${what}, found ${bytes.length}`);
  }
}

/**
 * Parses an IDX3 image file (gzipped or not). `name` is used in error
 * messages; pass the file's name.
 */
export function parseIdxImages(data: Uint8Array, name = 'IDX images'): IdxImages {
  const bytes = inflateIdx(data, name);
  const dims = readHeader(bytes, name, IDX_IMAGES_MAGIC, 'images');
  const [count, rows, cols] = dims;
  if (rows === 0 || cols === 0) throw new Error(`${name}: images of size ${rows}×${cols} are empty`);
  checkSize(bytes, name, dims, 'images');
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

/**
 * Parses an IDX1 label file (gzipped or not). With `numClasses`, a label
 * ≥ numClasses is an error (a corrupt byte would otherwise train silently).
 */
export function parseIdxLabels(
  data: Uint8Array,
  name = 'IDX labels',
  options: { numClasses?: number } = {},
): IdxLabels {
  const bytes = inflateIdx(data, name);
  const dims = readHeader(bytes, name, IDX_LABELS_MAGIC, 'labels');
  checkSize(bytes, name, dims, 'labels');
  const labels = bytes.subarray(8);
  if (options.numClasses !== undefined) checkLabelRange(labels, options.numClasses, name);
  return { count: dims[0], labels };
}

/** Throws, naming the first offending example, when a label is ≥ numClasses. */
export function checkLabelRange(labels: Uint8Array, numClasses: number, name: string): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= numClasses) {
      throw new Error(
        `${name}: label ${labels[i]} at index ${i} is out of range, expected 0..${numClasses - 1}`,
      );
    }
  }
}

/** Reads and parses an IDX3 image file from disk. */
export async function readIdxImages(path: string): Promise<IdxImages> {
  return parseIdxImages(await readFile(path), basename(path));
}

/** Reads and parses an IDX1 label file from disk. */
export async function readIdxLabels(path: string, options: { numClasses?: number } = {}): Promise<IdxLabels> {
  return parseIdxLabels(await readFile(path), basename(path), options);
}

/** Throws when a label file and its image file disagree on the number of examples. */
export function checkCounts(images: IdxImages, imagesName: string, labels: IdxLabels, labelsName: string): void {
  if (images.count !== labels.count) {
    throw new Error(
      `${labelsName}: ${labels.count} labels for ${images.count} images in ${imagesName}; the counts must match`,
    );
  }
}
