/**
 * The one entry point the trainer uses: a DataSpec in, a preprocessed
 * Dataset out. Parsed raw sets are cached in-process by where they came
 * from, so a second run on the same data skips the disk and the parse.
 */
import { basename, join, resolve } from 'node:path';
import { DataSpecSchema, type DataSpec } from '../../contract.ts';
import { builtinMnistFolder, loadBuiltinMnist, MNIST_CLASS_NAMES } from './builtin-mnist.ts';
import { CIFAR10_ARCHIVE_NAME, readCifar10, readCifar10Archive } from './cifar10.ts';
import { downloadCifar10 } from './cifar10-download.ts';
import { readIdxFolder } from './idx-folder.ts';
import {
  byteChannelStats,
  channelStats,
  downsampledShape,
  gatherImages,
  gatherLabels,
  gatherStandardised,
  standardise,
  subsetIndices,
  type Shape,
} from './preprocess.ts';
import type { ChannelStats, Dataset, DataProgressCallback, RawDataset } from './types.ts';

export type { ChannelStats, DataProgress, Dataset, DatasetIdentity, RawDataset, Split } from './types.ts';
export { evaluationSubset, type EvaluationSubset } from './preprocess.ts';

export interface LoadDatasetOptions {
  /** The user's data folder; CIFAR-10 is downloaded here when `spec.path` is absent. */
  cacheDir?: string;
  onProgress?: DataProgressCallback;
  signal?: AbortSignal;
  /** Download address and checksum overrides (tests, mirrors). */
  cifar10Url?: string;
  cifar10Md5?: string;
}

export const FASHION_MNIST_CLASS_NAMES = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];

/** The test split's subset uses its own stream, so equal-sized splits do not pick the same positions. */
const TEST_SEED_OFFSET = 0x3c6ef372;

const rawCache = new Map<string, Promise<RawDataset>>();
/**
 * The last prepared set per raw set, so repeated jobs on the same spec skip
 * the 200 MB float conversion; it lives as long as its raw set stays cached.
 */
const preparedCache = new WeakMap<RawDataset, { key: string; dataset: Dataset }>();

/** Forgets every parsed data set (tests, or to free memory). */
export function clearDatasetCache(): void {
  rawCache.clear();
}

function cached(key: string, load: () => Promise<RawDataset>): Promise<RawDataset> {
  let entry = rawCache.get(key);
  if (!entry) {
    entry = load();
    rawCache.set(key, entry);
    // A failed load is not remembered: the user may fix the file and retry.
    entry.catch(() => rawCache.delete(key));
  }
  return entry;
}

async function loadIdx(path: string): Promise<RawDataset> {
  const idx = await readIdxFolder(path);
  const folder = basename(path);
  const fashion = /fashion/i.test(folder) && idx.numClasses === 10;
  return {
    id: fashion ? 'fashion-mnist' : 'idx',
    label: fashion ? 'Fashion-MNIST' : `IDX (${folder})`,
    height: idx.height,
    width: idx.width,
    channels: 1,
    numClasses: idx.numClasses,
    classNames: fashion
      ? [...FASHION_MNIST_CLASS_NAMES]
      : idx.numClasses === 10
        ? [...MNIST_CLASS_NAMES]
        : Array.from({ length: idx.numClasses }, (_, i) => String(i)),
    train: idx.train,
    test: idx.test,
    sha256: idx.sha256,
  };
}

/** Reads (or takes from the in-process cache) the raw data set a spec names. */
export function loadRawDataset(spec: DataSpec, options: LoadDatasetOptions = {}): Promise<RawDataset> {
  switch (spec.source) {
    case 'mnist': {
      const folder = builtinMnistFolder();
      return cached(`mnist:${folder}`, () => loadBuiltinMnist(folder));
    }
    case 'idx': {
      if (!spec.path) return Promise.reject(new Error('An IDX data set needs a folder (data.path)'));
      const path = resolve(spec.path);
      return cached(`idx:${path}`, () => loadIdx(path));
    }
    case 'cifar10': {
      if (spec.path) {
        const path = resolve(spec.path);
        return cached(`cifar10:${path}`, () => readCifar10(path));
      }
      if (!options.cacheDir) {
        return Promise.reject(new Error('CIFAR-10 needs a data folder to download into (cacheDir) or a path'));
      }
      const cacheDir = resolve(options.cacheDir);
      return cached(`cifar10:${join(cacheDir, CIFAR10_ARCHIVE_NAME)}`, async () => {
        const archive = await downloadCifar10({
          cacheDir,
          url: options.cifar10Url,
          md5: options.cifar10Md5,
          onProgress: options.onProgress,
          signal: options.signal,
        });
        return readCifar10Archive(archive);
      });
    }
  }
}

/**
 * Subsets, downsampling and standardisation of a raw set. Statistics come
 * from the training examples actually used (after subset and downsampling)
 * and are applied to both splits.
 */
export function prepareDataset(raw: RawDataset, spec: DataSpec): Dataset {
  const shape: Shape = [raw.height, raw.width, raw.channels];
  const trainIdx = subsetIndices(raw.train.count, spec.trainLimit, spec.subsetSeed);
  const testIdx = subsetIndices(raw.test.count, spec.testLimit, spec.subsetSeed + TEST_SEED_OFFSET);
  let trainX: Float32Array;
  let testX: Float32Array;
  let stats: ChannelStats;
  if (spec.downsample === 1) {
    // Two passes instead of four: fresh 200 MB arrays cost more in page faults than in arithmetic.
    stats = byteChannelStats(raw.train.images, shape, trainIdx);
    trainX = gatherStandardised(raw.train.images, shape, trainIdx, stats);
    testX = gatherStandardised(raw.test.images, shape, testIdx, stats);
  } else {
    trainX = gatherImages(raw.train.images, shape, trainIdx, spec.downsample);
    testX = gatherImages(raw.test.images, shape, testIdx, spec.downsample);
    stats = channelStats(trainX, raw.channels);
    standardise(trainX, stats);
    standardise(testX, stats);
  }
  const inputShape = downsampledShape(shape, spec.downsample);
  return {
    id: raw.id,
    label: spec.downsample === 2 ? `${raw.label} ${inputShape[0]}×${inputShape[1]}` : raw.label,
    inputShape,
    numClasses: raw.numClasses,
    classNames: [...raw.classNames],
    train: { x: trainX, y: gatherLabels(raw.train.labels, trainIdx), count: trainIdx.length },
    test: { x: testX, y: gatherLabels(raw.test.labels, testIdx), count: testIdx.length },
    identity: {
      source: spec.source,
      sha256: raw.sha256,
      trainLimit: spec.trainLimit ?? null,
      testLimit: spec.testLimit ?? null,
      subsetSeed: spec.subsetSeed,
      downsample: spec.downsample,
      trainCount: trainIdx.length,
      testCount: testIdx.length,
    },
    stats,
  };
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const error = new Error('Loading the data set was cancelled');
    error.name = 'AbortError';
    throw error;
  }
}

/**
 * Loads the data set a spec describes, ready for training. The same spec
 * twice in a process returns the same object: treat its arrays as read-only.
 */
export async function loadDataset(spec: DataSpec, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const parsed = DataSpecSchema.parse(spec);
  const report = options.onProgress ?? (() => undefined);
  checkAborted(options.signal);
  report({ phase: 'read', done: 0, total: 1 });
  const raw = await loadRawDataset(parsed, options);
  report({ phase: 'read', done: 1, total: 1 });
  checkAborted(options.signal);
  report({ phase: 'preprocess', done: 0, total: 1 });
  const key = JSON.stringify([parsed.trainLimit, parsed.testLimit, parsed.subsetSeed, parsed.downsample]);
  const hit = preparedCache.get(raw);
  const dataset = hit?.key === key ? hit.dataset : prepareDataset(raw, parsed);
  preparedCache.set(raw, { key, dataset });
  report({ phase: 'preprocess', done: 1, total: 1 });
  return dataset;
}
