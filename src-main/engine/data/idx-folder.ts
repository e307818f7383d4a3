/**
 * Finds and reads the four IDX files of a data set folder by their standard
 * names (MNIST, Fashion-MNIST, and the many copies that follow MNIST's
 * naming): train-images-idx3-ubyte, train-labels-idx1-ubyte,
 * t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally `.gz`,
 * and with `.idx3-ubyte` as some redistributions spell it.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateIdx } from './idx-gunzip.ts';
import { checkCounts, checkLabelRange, parseIdxImages, parseIdxLabels } from './idx.ts';
import type { RawSplit } from './types.ts';

/** A folder's content as read: 28×28 greyscale for MNIST-like sets, channels always 1. */
export interface IdxFolder {
  height: number;
  width: number;
  channels: 1;
  /** The option given, or one more than the largest training label. */
  numClasses: number;
  train: RawSplit;
  test: RawSplit;
  /** SHA-256 of the uncompressed files in the order train images, train labels, test images, test labels. */
  sha256: string;
  /** The file names found, in that order. */
  files: string[];
}

type Role = { split: 'train' | 't10k'; kind: 'images' | 'labels' };

function candidates({ split, kind }: Role): string[] {
  const rank = kind === 'images' ? 3 : 1;
  const prefixes = split === 'train' ? ['train'] : ['t10k', 'test'];
  const names: string[] = [];
  for (const prefix of prefixes) {
    for (const sep of ['-', '.']) {
      const base = `${prefix}-${kind}${sep}idx${rank}-ubyte`;
      names.push(base, `${base}.gz`);
    }
  }
  return names;
}

function findFile(dir: string, entries: Set<string>, role: Role): string {
  const names = candidates(role);
  const found = names.find((n) => entries.has(n));
  if (found === undefined) {
    throw new Error(
      `IDX folder ${dir}: missing the ${role.split === 'train' ? 'training' : 'test'} ${role.kind} file ` +
        `(looked for ${names[0]} or ${names[1]})`,
    );
  }
  return found;
}

/**
 * The most classes a folder's labels may imply: a label byte can say up to
 * 255, and a stray one (a corrupt byte, a file of another data set) would
 * otherwise silently train a 256-way classifier.
 */
export const MAX_IDX_CLASSES = 100;

/** One more than the largest training label; a label ≥ MAX_IDX_CLASSES is refused, naming its index. */
export function inferClassCount(labels: Uint8Array, name: string): number {
  let max = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= MAX_IDX_CLASSES) {
      throw new Error(
        `${name}: label ${labels[i]} at index ${i} is out of range: labels must be 0..${MAX_IDX_CLASSES - 1} (at most ${MAX_IDX_CLASSES} classes)`,
      );
    }
    if (labels[i] > max) max = labels[i];
  }
  return max + 1;
}

/**
 * Reads an IDX folder. With `numClasses`, every label must be below it;
 * without, the classes are inferred from the training labels (at most
 * MAX_IDX_CLASSES) and a test label outside them is an error. An empty
 * training or test set is an error that says so.
 */
export async function readIdxFolder(dir: string, options: { numClasses?: number } = {}): Promise<IdxFolder> {
  let entries: Set<string>;
  try {
    entries = new Set(await readdir(dir));
  } catch (error) {
    throw new Error(`IDX folder ${dir}: cannot be read (${(error as Error).message})`, { cause: error });
  }
  const roles: Role[] = [
    { split: 'train', kind: 'images' },
    { split: 'train', kind: 'labels' },
    { split: 't10k', kind: 'images' },
    { split: 't10k', kind: 'labels' },
  ];
  const files = roles.map((role) => findFile(dir, entries, role));
  const hash = createHash('sha256');
  // Decompress here rather than in the parsers so the hash sees the canonical (uncompressed) bytes.
  const contents = await Promise.all(files.map((f) => readFile(join(dir, f))));
  const bytes = contents.map((c, i) => inflateIdx(c, files[i]));
  for (const b of bytes) hash.update(b);

  const trainImages = parseIdxImages(bytes[0], files[0]);
  const trainLabels = parseIdxLabels(bytes[1], files[1]);
  const testImages = parseIdxImages(bytes[2], files[2]);
  const testLabels = parseIdxLabels(bytes[3], files[3]);
  checkCounts(trainImages, files[0], trainLabels, files[1]);
  checkCounts(testImages, files[2], testLabels, files[3]);
  if (testImages.rows !== trainImages.rows || testImages.cols !== trainImages.cols) {
    throw new Error(
      `${files[2]}: test images are ${testImages.rows}×${testImages.cols}, ` +
        `training images in ${files[0]} are ${trainImages.rows}×${trainImages.cols}`,
    );
  }
  if (trainImages.count === 0) throw new Error(`${files[0]}: the training set is empty (0 images); there is nothing to train on`);
  if (testImages.count === 0) throw new Error(`${files[2]}: the test set is empty (0 images); there is nothing to evaluate on`);
  const numClasses = options.numClasses ?? inferClassCount(trainLabels.labels, files[1]);
  checkLabelRange(trainLabels.labels, numClasses, files[1]);
  checkLabelRange(testLabels.labels, numClasses, files[3]);

  return {
    height: trainImages.rows,
    width: trainImages.cols,
    channels: 1,
    numClasses,
    train: { images: trainImages.pixels, labels: trainLabels.labels, count: trainImages.count },
    test: { images: testImages.pixels, labels: testLabels.labels, count: testImages.count },
    sha256: hash.digest('hex'),
    files,
  };
}
