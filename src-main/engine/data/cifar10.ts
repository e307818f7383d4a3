/**
 * CIFAR-10 in its official binary format: data_batch_1..5.bin and
 * test_batch.bin, each a sequence of 3073-byte records (1 label byte, then
 * 1024 red, 1024 green, 1024 blue bytes, each plane row-major 32×32), read
 * from the official cifar-10-binary.tar.gz or from its extracted folder.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { maybeGunzip } from './gzip.ts';
import { readTar } from './tar.ts';
import type { RawDataset, RawSplit } from './types.ts';

export const CIFAR10_CLASS_NAMES = [
  'airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck',
];
export const CIFAR10_TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
export const CIFAR10_TEST_FILE = 'test_batch.bin';
export const CIFAR10_META_FILE = 'batches.meta.txt';
export const CIFAR10_ARCHIVE_NAME = 'cifar-10-binary.tar.gz';
export const CIFAR10_FOLDER_NAME = 'cifar-10-batches-bin';

const SIDE = 32;
const PLANE = SIDE * SIDE;
const PIXELS = 3 * PLANE;
const RECORD = 1 + PIXELS;
/**
 * The most the archive may inflate to: the official tar is 184 MB (six
 * batches of 30,730,000 bytes, a readme and the class names); 256 MiB leaves
 * room for a re-packed copy and refuses a decompression bomb early.
 */
export const MAX_CIFAR10_TAR_BYTES = 256 * 1024 * 1024;

/** A batch file's bytes with the name to use in error messages. */
interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

function recordCount({ name, bytes }: NamedBytes): number {
  if (bytes.length === 0 || bytes.length % RECORD !== 0) {
    throw new Error(
      `${name}: ${bytes.length} bytes is not a whole number of ${RECORD}-byte records ` +
        `(1 label byte + ${PIXELS} pixel bytes)`,
    );
  }
  return bytes.length / RECORD;
}

/**
 * Concatenates batch files into one split, turning each record's planar
 * R, G, B planes into interleaved NHWC bytes [count, 32, 32, 3].
 */
export function parseCifarBatches(batches: NamedBytes[]): RawSplit {
  const counts = batches.map(recordCount);
  const count = counts.reduce((a, b) => a + b, 0);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let n = 0;
  for (let b = 0; b < batches.length; b++) {
    const { name, bytes } = batches[b];
    for (let r = 0; r < counts[b]; r++, n++) {
      const base = r * RECORD;
      const label = bytes[base];
      if (label > 9) throw new Error(`${name}: label ${label} in record ${r} is out of range, expected 0..9`);
      labels[n] = label;
      const red = base + 1;
      const out = n * PIXELS;
      for (let p = 0; p < PLANE; p++) {
        const o = out + 3 * p;
        images[o] = bytes[red + p];
        images[o + 1] = bytes[red + PLANE + p];
        images[o + 2] = bytes[red + 2 * PLANE + p];
      }
    }
  }
  return { images, labels, count };
}

/** Class names from batches.meta.txt (one per line), or the known ten when absent or short. */
export function parseClassNames(meta: Uint8Array | undefined): string[] {
  if (meta === undefined) return [...CIFAR10_CLASS_NAMES];
  const names = new TextDecoder()
    .decode(meta)
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return names.length >= 10 ? names.slice(0, 10) : [...CIFAR10_CLASS_NAMES];
}

/** Builds the data set from a lookup of file name → bytes; `source` names the folder or archive. */
function assemble(source: string, lookup: Map<string, NamedBytes>, meta: Uint8Array | undefined): RawDataset {
  const wanted = [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE];
  const missing = wanted.filter((f) => !lookup.has(f));
  if (missing.length > 0) throw new Error(`${source}: missing CIFAR-10 batch files: ${missing.join(', ')}`);
  const files = wanted.map((f) => lookup.get(f)!);
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.bytes);
  return {
    id: 'cifar10',
    label: 'CIFAR-10',
    height: SIDE,
    width: SIDE,
    channels: 3,
    numClasses: 10,
    classNames: parseClassNames(meta),
    train: parseCifarBatches(files.slice(0, 5)),
    test: parseCifarBatches(files.slice(5)),
    sha256: hash.digest('hex'),
  };
}

/** Reads the extracted `cifar-10-batches-bin` folder. */
export async function readCifar10Folder(dir: string): Promise<RawDataset> {
  const entries = new Set(await readdir(dir));
  const lookup = new Map<string, NamedBytes>();
  for (const f of [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE]) {
    if (entries.has(f)) lookup.set(f, { name: f, bytes: await readFile(join(dir, f)) });
  }
  const meta = entries.has(CIFAR10_META_FILE) ? await readFile(join(dir, CIFAR10_META_FILE)) : undefined;
  return assemble(`CIFAR-10 folder ${dir}`, lookup, meta);
}

/** Reads the official archive (gzip + tar); a plain .tar works too. */
export async function readCifar10Archive(path: string): Promise<RawDataset> {
  const archive = basename(path);
  const tar = await maybeGunzip(await readFile(path), archive, MAX_CIFAR10_TAR_BYTES, 'more than a CIFAR-10 archive holds (256 MiB)');
  const lookup = new Map<string, NamedBytes>();
  let meta: Uint8Array | undefined;
  for (const entry of readTar(tar, archive)) {
    const name = entry.name.split('/').pop() ?? '';
    if (name === CIFAR10_META_FILE) meta ??= entry.data;
    else if (!lookup.has(name)) lookup.set(name, { name: `${name} (in ${archive})`, bytes: entry.data });
  }
  return assemble(archive, lookup, meta);
}

/**
 * Reads CIFAR-10 from an archive, the extracted batch folder, or a folder
 * that holds either (such as the download cache).
 */
export async function readCifar10(path: string): Promise<RawDataset> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new Error(`CIFAR-10: ${path} not found`, { cause: error });
  }
  if (info.isFile()) return readCifar10Archive(path);
  const entries = new Set(await readdir(path));
  if (entries.has(CIFAR10_TRAIN_FILES[0]) || entries.has(CIFAR10_TEST_FILE)) return readCifar10Folder(path);
  if (entries.has(CIFAR10_FOLDER_NAME)) return readCifar10Folder(join(path, CIFAR10_FOLDER_NAME));
  if (entries.has(CIFAR10_ARCHIVE_NAME)) return readCifar10Archive(join(path, CIFAR10_ARCHIVE_NAME));
  return readCifar10Folder(path);
}
