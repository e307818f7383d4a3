/**
 * Hostile input files for tests, built small and fast: deflate streams of
 * gigabytes of zeros (1 MiB segments, each ended by a full flush so the same
 * compressed bytes can be repeated), a gzip wrapper for them, a zip writer
 * that takes already-compressed entries with whatever sizes it is told to
 * declare, and a tar header with any size field and a valid checksum.
 */
import { constants, deflateRawSync } from 'node:zlib';

const MiB = 1024 * 1024;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A raw deflate stream of `prefix` followed by `zeros` zero bytes (`zeros` a multiple of 1 MiB). */
export function zerosDeflateRaw(zeros: number, prefix: Uint8Array = new Uint8Array(0)): Uint8Array {
  const flush = { level: 9, finishFlush: constants.Z_FULL_FLUSH };
  const segment = deflateRawSync(new Uint8Array(MiB), flush);
  const parts: Uint8Array[] = [];
  if (prefix.length) parts.push(deflateRawSync(prefix, flush));
  for (let i = 0; i < zeros / MiB; i++) parts.push(segment);
  parts.push(Uint8Array.of(0x03, 0x00)); // an empty final block
  return concat(parts);
}

/** Wraps a raw deflate stream as gzip (the CRC is left 0: readers must give up long before the trailer). */
export function gzipOfRaw(raw: Uint8Array, size: number): Uint8Array {
  const trailer = new Uint8Array(8);
  new DataView(trailer.buffer).setUint32(4, size % 2 ** 32, true);
  return concat([Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3), raw, trailer]);
}

export interface RawZipEntry {
  name: string;
  /** 0 stored, 8 deflated: `data` is already in that form. */
  method: 0 | 8;
  data: Uint8Array;
  /** The uncompressed size to declare. */
  size: number;
}

/** A zip of the given entries, CRCs 0, sizes as declared. */
export function zipOfRawEntries(entries: RawZipEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const directory: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const local = new Uint8Array(30 + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true);
    l.setUint16(8, entry.method, true);
    l.setUint32(18, entry.data.length, true);
    l.setUint32(22, entry.size, true);
    l.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(10, entry.method, true);
    c.setUint32(20, entry.data.length, true);
    c.setUint32(24, entry.size, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, entry.data);
    directory.push(central);
    offset += local.length + entry.data.length;
  }
  const size = directory.reduce((n, d) => n + d.length, 0);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, size, true);
  e.setUint32(16, offset, true);
  return concat([...locals, ...directory, end]);
}

/** One ustar header block for a regular file with the given raw size field, checksum valid, then `body` padded, then the end blocks. */
export function tarWithSizeField(name: string, sizeField: string, body: Uint8Array = new Uint8Array(0)): Uint8Array {
  const encoder = new TextEncoder();
  const header = new Uint8Array(512);
  header.set(encoder.encode(name), 0);
  header.set(encoder.encode('0000644\0'), 100);
  header.set(encoder.encode(sizeField), 124);
  header.set(encoder.encode('00000000000\0'), 136);
  header[156] = 0x30;
  header.set(encoder.encode('ustar\u000000'), 257);
  header.fill(0x20, 148, 156);
  const sum = header.reduce((a, b) => a + b, 0);
  header.set(encoder.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  const padded = new Uint8Array(Math.ceil(body.length / 512) * 512);
  padded.set(body);
  return concat([header, padded, new Uint8Array(1024)]);
}
