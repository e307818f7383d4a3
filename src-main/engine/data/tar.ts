/**
 * A minimal tar reader for the CIFAR-10 archive: ustar / old-GNU headers,
 * GNU long names (`L`) and pax `path` records, regular files only. The whole
 * archive is in memory; entries are views into it, not copies.
 */

/** One regular file of an archive. */
export interface TarEntry {
  /** Full path inside the archive, `/`-separated, as stored. */
  name: string;
  /** The file's bytes; a view into the archive buffer. */
  data: Uint8Array;
}

const BLOCK = 512;
const decoder = new TextDecoder();

function cString(bytes: Uint8Array, start: number, length: number): string {
  const field = bytes.subarray(start, start + length);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

/**
 * A numeric header field: octal digits (NUL- or space-terminated, leading
 * spaces allowed), or base-256 (high bit set) which GNU tar writes for sizes
 * ≥ 8 GiB. Anything else — a sign, a non-octal digit, a negative or
 * unsafe base-256 value — is `null`, so a forged header cannot make the
 * reader step backwards or stand still.
 */
function readNumber(header: Uint8Array, start: number, length: number): number | null {
  if (header[start] & 0x80) {
    if (header[start] & 0x40) return null; // base-256 negative
    let value = header[start] & 0x3f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + header[i];
    return Number.isSafeInteger(value) ? value : null;
  }
  const text = cString(header, start, length).replace(/^ +| +$/g, '');
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : null;
}

function fieldText(header: Uint8Array, start: number, length: number): string {
  return JSON.stringify(cString(header, start, length));
}

function checksumOk(header: Uint8Array): boolean {
  const stored = readNumber(header, 148, 8);
  let sum = 0;
  // The checksum field itself counts as eight spaces.
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum === stored;
}

function paxPath(data: Uint8Array): string | undefined {
  // Records are "<length> <key>=<value>\n".
  const text = decoder.decode(data);
  for (const line of text.split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

/** Lists the regular files of an uncompressed tar archive; `archiveName` names it in errors. */
export function readTar(bytes: Uint8Array, archiveName: string): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let nextName: string | undefined;
  while (offset < bytes.length) {
    if (offset + BLOCK > bytes.length) {
      if (isZeroBlock(bytes.subarray(offset))) break;
      throw new Error(`${archiveName}: truncated tar archive (partial header at byte ${offset})`);
    }
    const header = bytes.subarray(offset, offset + BLOCK);
    if (isZeroBlock(header)) break;
    if (!checksumOk(header)) {
      throw new Error(`${archiveName}: corrupt tar header at byte ${offset} (checksum mismatch)`);
    }
    const size = readNumber(header, 124, 12);
    if (size === null) {
      throw new Error(
        `${archiveName}: corrupt tar header at byte ${offset} (size field ${fieldText(header, 124, 12)} is not a non-negative octal or base-256 number)`,
      );
    }
    const type = String.fromCharCode(header[156]);
    const posix = cString(header, 257, 6) === 'ustar';
    const prefix = posix ? cString(header, 345, 155) : '';
    const storedName = cString(header, 0, 100);
    const name = nextName ?? (prefix ? `${prefix}/${storedName}` : storedName);
    const start = offset + BLOCK;
    if (start + size > bytes.length) {
      throw new Error(
        `${archiveName}: truncated tar archive, ${name} needs ${size} bytes, ` +
          `only ${Math.max(0, bytes.length - start)} remain`,
      );
    }
    const data = bytes.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'L') {
      nextName = cString(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      nextName = paxPath(data) ?? nextName;
      continue;
    }
    nextName = undefined;
    if (type === '0' || type === '\0' || type === '7') entries.push({ name, data });
  }
  return entries;
}
