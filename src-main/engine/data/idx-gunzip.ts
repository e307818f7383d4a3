/**
 * Inflates a gzipped IDX file no further than its own header allows: the
 * header (magic and dimensions) is read from the first decompressed bytes,
 * the size it declares — at most MAX_IDX_BYTES — becomes the output cap, and
 * a stream that goes on past it is refused after that many bytes. A 100 KB
 * file that would expand to gigabytes costs no more memory than its header's
 * honest size.
 */
import { gunzipPrefixSync, isGzip, maybeGunzipSync } from './gzip.ts';

/** IDX magics this app reads: unsigned bytes, rank 1 (labels) or 3 (images). */
const READABLE_MAGICS = new Set([0x00000801, 0x00000803]);

/**
 * The largest IDX file (uncompressed) the app reads: 512 MiB holds every
 * MNIST-style set in use (MNIST and Fashion-MNIST are 47 MB, EMNIST digits
 * 188 MB) and keeps the peak memory of reading one well under a gigabyte.
 */
export const MAX_IDX_BYTES = 512 * 1024 * 1024;

/** The uncompressed size an IDX header declares, or null when the header is not one this app reads. */
export function declaredIdxBytes(head: Uint8Array): number | null {
  if (head.length < 4) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magic = view.getUint32(0, false);
  if (!READABLE_MAGICS.has(magic)) return null;
  const rank = magic & 0xff;
  const headerBytes = 4 + 4 * rank;
  if (head.length < headerBytes) return null;
  let elements = 1;
  for (let i = 0; i < rank; i++) elements *= view.getUint32(4 + 4 * i, false);
  return headerBytes + elements;
}

/**
 * Returns the IDX bytes of `data`, inflating them when gzipped. A header that
 * is not an IDX one is returned as read, for the parser to name what is wrong.
 */
export function inflateIdx(data: Uint8Array, name: string): Uint8Array {
  if (!isGzip(data)) return data;
  const head = gunzipPrefixSync(data, name, 16);
  const declared = declaredIdxBytes(head);
  if (declared === null) return head;
  if (declared > MAX_IDX_BYTES) {
    throw new Error(
      `${name}: its header declares ${declared.toLocaleString('en')} bytes, more than the ${MAX_IDX_BYTES.toLocaleString('en')} ` +
        `(512 MiB) this app reads from one IDX file`,
    );
  }
  return maybeGunzipSync(data, name, declared, 'more than its header declares');
}
