/**
 * A small GIF89a reader for tests: the logical screen, the global palette,
 * the looping extension and every frame (its delay and its pixels, LZW
 * decoded), so a test checks what an encoder really wrote.
 */
export interface GifFrame {
  left: number;
  top: number;
  width: number;
  height: number;
  /** Hundredths of a second. */
  delay: number;
  /** Palette indices, row-major. */
  pixels: Uint8Array;
}

export interface DecodedGif {
  width: number;
  height: number;
  palette: Array<[number, number, number]>;
  /** NETSCAPE2.0 loop count (0 = forever); null without the extension. */
  loops: number | null;
  frames: GifFrame[];
}

function lzwDecode(minCodeSize: number, data: Uint8Array, pixelCount: number): Uint8Array {
  const out = new Uint8Array(pixelCount);
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  let size = minCodeSize + 1;
  let dict: number[][] = [];
  const reset = (): void => {
    dict = Array.from({ length: clear + 2 }, (_, i) => (i < clear ? [i] : []));
    size = minCodeSize + 1;
  };
  reset();
  let bit = 0;
  let written = 0;
  let previous: number[] | null = null;
  while (bit + size <= data.length * 8) {
    let code = 0;
    for (let i = 0; i < size; i++, bit++) code |= ((data[bit >> 3] >> (bit & 7)) & 1) << i;
    if (code === clear) {
      reset();
      previous = null;
      continue;
    }
    if (code === end) break;
    let entry: number[];
    if (code < dict.length) entry = dict[code];
    else if (previous && code === dict.length) entry = [...previous, previous[0]];
    else throw new Error(`GIF: bad LZW code ${code} (dictionary ${dict.length}).`);
    for (const v of entry) if (written < pixelCount) out[written++] = v;
    if (previous && dict.length < 4096) dict.push([...previous, entry[0]]);
    previous = entry;
    if (dict.length === 1 << size && size < 12) size++;
  }
  if (written !== pixelCount) throw new Error(`GIF: a frame decoded to ${written} pixels, expected ${pixelCount}.`);
  return out;
}

export function decodeGif(bytes: Uint8Array): DecodedGif {
  const text = (at: number, n: number): string => String.fromCharCode(...bytes.subarray(at, at + n));
  if (text(0, 6) !== 'GIF89a' && text(0, 6) !== 'GIF87a') throw new Error('Not a GIF.');
  const u16 = (at: number): number => bytes[at] | (bytes[at + 1] << 8);
  const width = u16(6);
  const height = u16(8);
  const flags = bytes[10];
  let p = 13;
  const readTable = (sizeBits: number): Array<[number, number, number]> => {
    const n = 1 << (sizeBits + 1);
    const table = Array.from({ length: n }, (_, i) => [bytes[p + 3 * i], bytes[p + 3 * i + 1], bytes[p + 3 * i + 2]] as [number, number, number]);
    p += 3 * n;
    return table;
  };
  const palette = flags & 0x80 ? readTable(flags & 7) : [];
  const subBlocks = (): Uint8Array => {
    const parts: number[] = [];
    while (bytes[p] !== 0) {
      const n = bytes[p];
      parts.push(...bytes.subarray(p + 1, p + 1 + n));
      p += n + 1;
    }
    p++;
    return Uint8Array.from(parts);
  };
  let loops: number | null = null;
  let delay = 0;
  const frames: GifFrame[] = [];
  for (;;) {
    const kind = bytes[p++];
    if (kind === 0x3b) break;
    if (kind === 0x21) {
      const label = bytes[p++];
      const body = subBlocks();
      if (label === 0xf9) delay = body[1] | (body[2] << 8);
      if (label === 0xff && String.fromCharCode(...body.subarray(0, 11)) === 'NETSCAPE2.0') loops = body[12] | (body[13] << 8);
      continue;
    }
    if (kind !== 0x2c) throw new Error(`GIF: unexpected block 0x${kind?.toString(16)} at ${p - 1}.`);
    const [left, top, w, h, frameFlags] = [u16(p), u16(p + 2), u16(p + 4), u16(p + 6), bytes[p + 8]];
    p += 9;
    if (frameFlags & 0x80) readTable(frameFlags & 7);
    const minCodeSize = bytes[p++];
    frames.push({ left, top, width: w, height: h, delay, pixels: lzwDecode(minCodeSize, subBlocks(), w * h) });
  }
  return { width, height, palette, loops, frames };
}
