/**
 * A zip reader that looks before it inflates: `readZipDirectory` lists the
 * entries (name, method, declared sizes) from the central directory without
 * decompressing anything, so a caller can refuse an entry by name or size
 * first; `inflateZipEntry` then decompresses one entry into a buffer of its
 * declared size with a running byte count, stopping the moment the stream
 * goes past it. A zip bomb costs at most what the caller agreed to.
 * Stored (0) and deflated (8) entries; no zip64, no encryption.
 */
import { Inflate } from 'fflate';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** Uncompressed size as the directory declares it. */
  size: number;
  /** Offset of the entry's local header. */
  localHeaderOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const decoder = new TextDecoder();

/** Compressed input per inflation step: at deflate's worst ratio (≈1032:1) about 16 MB of output. */
const INFLATE_STEP = 16 * 1024;

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function findEndOfDirectory(bytes: Uint8Array, data: DataView): number {
  // The record is 22 bytes plus a comment of up to 65,535.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (data.getUint32(at, true) === END_OF_DIRECTORY) return at;
  }
  throw new ZipFormatError('no zip end-of-directory record');
}

/** The entries of a zip, from its central directory; nothing is decompressed. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  if (bytes.length < 22) throw new ZipFormatError(`${bytes.length} bytes is too short for a zip`);
  const data = view(bytes);
  const end = findEndOfDirectory(bytes, data);
  const count = data.getUint16(end + 10, true);
  const directorySize = data.getUint32(end + 12, true);
  let at = data.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) throw new ZipFormatError('zip64 archives are not supported');
  if (at + directorySize > end) throw new ZipFormatError('the central directory lies outside the file');
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || data.getUint32(at, true) !== DIRECTORY_HEADER) {
      throw new ZipFormatError(`central directory entry ${i + 1} of ${count} is damaged`);
    }
    const nameLength = data.getUint16(at + 28, true);
    const extraLength = data.getUint16(at + 30, true);
    const commentLength = data.getUint16(at + 32, true);
    if (at + 46 + nameLength > end) throw new ZipFormatError(`central directory entry ${i + 1} of ${count} is truncated`);
    entries.push({
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: data.getUint16(at + 10, true),
      compressedSize: data.getUint32(at + 20, true),
      size: data.getUint32(at + 24, true),
      localHeaderOffset: data.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function compressedData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const data = view(bytes);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || data.getUint32(at, true) !== LOCAL_HEADER) {
    throw new ZipFormatError(`entry ${entry.name}: damaged local header`);
  }
  const start = at + 30 + data.getUint16(at + 26, true) + data.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.length) throw new ZipFormatError(`entry ${entry.name}: data runs past the end of the file`);
  return bytes.subarray(start, start + entry.compressedSize);
}

/**
 * One entry's bytes (a copy), exactly `entry.size` of them: a deflate stream
 * that produces more is stopped as soon as it does, one that produces fewer
 * is an error too.
 */
export function inflateZipEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const input = compressedData(bytes, entry);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw new ZipFormatError(`entry ${entry.name}: stored with two different sizes`);
    // A real copy: on a Node Buffer, slice() would share (and keep alive) the whole file.
    const copy = new Uint8Array(entry.size);
    copy.set(input);
    return copy;
  }
  if (entry.method !== 8) throw new ZipFormatError(`entry ${entry.name}: unsupported compression method ${entry.method}`);
  const out = new Uint8Array(entry.size);
  let filled = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    if (filled + chunk.length > out.length) {
      throw new ZipFormatError(`entry ${entry.name} inflates to more than the ${entry.size.toLocaleString('en')} bytes its directory declares`);
    }
    out.set(chunk, filled);
    filled += chunk.length;
    ended ||= final;
  });
  try {
    for (let at = 0; at < input.length && !ended; at += INFLATE_STEP) {
      const stop = Math.min(input.length, at + INFLATE_STEP);
      inflater.push(input.subarray(at, stop), stop === input.length);
    }
  } catch (error) {
    if (error instanceof ZipFormatError) throw error;
    throw new ZipFormatError(`entry ${entry.name}: damaged deflate data (${(error as Error).message})`);
  }
  if (filled !== entry.size) {
    throw new ZipFormatError(`entry ${entry.name} inflates to ${filled.toLocaleString('en')} bytes, its directory declares ${entry.size.toLocaleString('en')}`);
  }
  return out;
}
