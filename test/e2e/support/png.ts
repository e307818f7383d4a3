/**
 * Reads PNG files (Chromium's screenshots, the app's exports) into RGBA
 * pixels, checking every chunk's CRC on the way, and counts colours in them:
 * the e2e checks decide "something was drawn" from pixels, not from the DOM.
 * Only what browsers write is supported: 8 bits per channel, RGB or RGBA,
 * not interlaced.
 */
import { crc32, inflateSync } from 'node:zlib';

export interface RgbaImage {
  width: number;
  height: number;
  /** Row-major RGBA, 4 bytes per pixel. */
  pixels: Uint8Array;
}

/** A rectangle in image pixels. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function paeth(left: number, up: number, upLeft: number): number {
  const p = left + up - upLeft;
  const dl = Math.abs(p - left);
  const du = Math.abs(p - up);
  const dul = Math.abs(p - upLeft);
  return dl <= du && dl <= dul ? left : du <= dul ? up : upLeft;
}

/** Undoes the per-row filters of a non-interlaced 8-bit image; `stride` bytes per pixel. */
function unfilter(data: Uint8Array, width: number, height: number, stride: number): Uint8Array {
  const rowBytes = width * stride;
  const out = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (rowBytes + 1)];
    const src = y * (rowBytes + 1) + 1;
    const row = y * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const left = i >= stride ? out[row + i - stride] : 0;
      const up = y > 0 ? out[row - rowBytes + i] : 0;
      const upLeft = y > 0 && i >= stride ? out[row - rowBytes + i - stride] : 0;
      const raw = data[src + i];
      const predicted = filter === 0 ? 0 : filter === 1 ? left : filter === 2 ? up : filter === 3 ? (left + up) >> 1 : filter === 4 ? paeth(left, up, upLeft) : -1;
      if (predicted < 0) throw new Error(`Not a valid PNG: row ${y} has filter type ${filter}.`);
      out[row + i] = (raw + predicted) & 0xff;
    }
  }
  return out;
}

/** Decodes a PNG; throws with the reason when the bytes are not a valid one. */
export function decodePng(bytes: Uint8Array): RgbaImage {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error('Not a PNG: the signature is missing.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let header: { width: number; height: number; colorType: number } | null = null;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (offset + 12 <= bytes.length && !ended) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    const crc = view.getUint32(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== crc) throw new Error(`Not a valid PNG: the CRC of chunk ${type} is wrong.`);
    if (type === 'IHDR') {
      const bodyView = new DataView(body.buffer, body.byteOffset, body.byteLength);
      const [depth, colorType, , , interlace] = body.subarray(8, 13);
      if (depth !== 8 || (colorType !== 2 && colorType !== 6) || interlace !== 0) {
        throw new Error(`Unsupported PNG: bit depth ${depth}, colour type ${colorType}, interlace ${interlace}.`);
      }
      header = { width: bodyView.getUint32(0), height: bodyView.getUint32(4), colorType };
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  if (!header) throw new Error('Not a valid PNG: no IHDR chunk.');
  if (!ended) throw new Error('Not a valid PNG: no IEND chunk (truncated?).');
  const stride = header.colorType === 6 ? 4 : 3;
  const data = inflateSync(Buffer.concat(idat));
  if (data.length !== (header.width * stride + 1) * header.height) throw new Error('Not a valid PNG: the image data has the wrong size.');
  const raw = unfilter(data, header.width, header.height, stride);
  if (stride === 4) return { width: header.width, height: header.height, pixels: raw };
  const pixels = new Uint8Array(header.width * header.height * 4);
  for (let i = 0, j = 0; i < raw.length; i += 3, j += 4) {
    pixels[j] = raw[i];
    pixels[j + 1] = raw[i + 1];
    pixels[j + 2] = raw[i + 2];
    pixels[j + 3] = 255;
  }
  return { width: header.width, height: header.height, pixels };
}

function* pixelOffsets(image: RgbaImage, region?: Region): Generator<number> {
  const x0 = Math.max(0, Math.floor(region?.x ?? 0));
  const y0 = Math.max(0, Math.floor(region?.y ?? 0));
  const x1 = Math.min(image.width, Math.ceil(region ? region.x + region.width : image.width));
  const y1 = Math.min(image.height, Math.ceil(region ? region.y + region.height : image.height));
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) yield (y * image.width + x) * 4;
}

/** How many different RGB values the image (or a region of it) holds; a blank canvas has 1. */
export function distinctColours(image: RgbaImage, region?: Region): number {
  const seen = new Set<number>();
  const p = image.pixels;
  for (const i of pixelOffsets(image, region)) seen.add((p[i] << 16) | (p[i + 1] << 8) | p[i + 2]);
  return seen.size;
}

/** `#rrggbb` → [r, g, b]. */
export function parseHexColour(hex: string): [number, number, number] {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!match) throw new Error(`Not a #rrggbb colour: ${hex}`);
  return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)];
}

/** Pixels within `tolerance` (largest channel difference) of a colour: how much of a series is drawn. */
export function pixelsNear(image: RgbaImage, colour: readonly [number, number, number], tolerance: number, region?: Region): number {
  let count = 0;
  const p = image.pixels;
  for (const i of pixelOffsets(image, region)) {
    if (Math.max(Math.abs(p[i] - colour[0]), Math.abs(p[i + 1] - colour[1]), Math.abs(p[i + 2] - colour[2])) <= tolerance) count++;
  }
  return count;
}

/** Pixels whose RGB differs between two images of the same size. */
export function changedPixels(a: RgbaImage, b: RgbaImage): number {
  if (a.width !== b.width || a.height !== b.height) return a.width * a.height;
  let count = 0;
  for (let i = 0; i < a.pixels.length; i += 4) {
    if (a.pixels[i] !== b.pixels[i] || a.pixels[i + 1] !== b.pixels[i + 1] || a.pixels[i + 2] !== b.pixels[i + 2]) count++;
  }
  return count;
}
