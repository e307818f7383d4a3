/**
 * Shapes of the data sets the engine trains on. Plain typed arrays only: this
 * folder never imports TensorFlow.js, the trainer turns splits into tensors.
 */
import type { DataSource } from '../../contract.ts';

/** Per-channel statistics, in the units of the float pixels ([0, 1] scale, after downsampling). */
export interface ChannelStats {
  mean: number[];
  std: number[];
}

/** One split of a parsed, not yet preprocessed data set. */
export interface RawSplit {
  /** Pixel bytes, NHWC: [count, height, width, channels], row-major. */
  images: Uint8Array;
  /** One class index per example: [count]. */
  labels: Uint8Array;
  count: number;
}

/** A data set as read from disk, before subsets, downsampling and standardisation. */
export interface RawDataset {
  id: string;
  label: string;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  classNames: string[];
  train: RawSplit;
  test: RawSplit;
  /** SHA-256 (hex) of the canonical raw bytes: the uncompressed files in a fixed order. */
  sha256: string;
}

/** One preprocessed split, ready to become tensors. */
export interface Split {
  /** Standardised pixels, NHWC: [count, h, w, c] with [h, w, c] = Dataset.inputShape. */
  x: Float32Array;
  /** Class indices: [count]. */
  y: Uint8Array;
  count: number;
}

/** Everything needed to tell whether two runs saw the same data. */
export interface DatasetIdentity {
  source: DataSource;
  /** SHA-256 (hex) of the raw files' canonical bytes; independent of gzip/tar packaging. */
  sha256: string;
  trainLimit: number | null;
  testLimit: number | null;
  subsetSeed: number;
  downsample: 1 | 2;
  trainCount: number;
  testCount: number;
}

export interface Dataset {
  /** `mnist`, `cifar10`, `fashion-mnist` or `idx`. */
  id: string;
  /** Human label for the UI and reports. */
  label: string;
  /** [height, width, channels] of one example, after downsampling. */
  inputShape: [number, number, number];
  numClasses: number;
  classNames: string[];
  train: Split;
  test: Split;
  identity: DatasetIdentity;
  /** The statistics used to standardise both splits, computed on the train split. */
  stats: ChannelStats;
}

export interface DataProgress {
  /** `download`, `verify`, `read`, `preprocess`. */
  phase: string;
  done: number;
  /** 0 when unknown (a server that sends no length). */
  total: number;
}

export type DataProgressCallback = (p: DataProgress) => void;
