/** Reads `.npz` / `.npy` bytes for tests: the arrays numpy would load (<f4, <f8, <i8, |u1, C order). */
import { unzipSync } from 'fflate';

export interface NpyArrayRead {
  descr: string;
  shape: number[];
  data: Float32Array | Float64Array | BigInt64Array | Uint8Array;
}

export function decodeNpy(bytes: Uint8Array): NpyArrayRead {
  const magic = String.fromCharCode(...bytes.subarray(1, 6));
  if (bytes[0] !== 0x93 || magic !== 'NUMPY') throw new Error('Not an .npy file.');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
  const descr = /'descr': '([^']+)'/.exec(header)![1]!;
  if (!/'fortran_order': False/.test(header)) throw new Error('Fortran order is not supported.');
  const shape = /'shape': \(([^)]*)\)/.exec(header)![1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const body = bytes.slice(10 + headerLength);
  const data =
    descr === '<f4' ? new Float32Array(body.buffer) : descr === '<f8' ? new Float64Array(body.buffer) : descr === '<i8' ? new BigInt64Array(body.buffer) : body;
  return { descr, shape, data };
}

export function decodeNpz(bytes: Uint8Array): Record<string, NpyArrayRead> {
  const out: Record<string, NpyArrayRead> = {};
  for (const [name, entry] of Object.entries(unzipSync(bytes))) out[name.replace(/\.npy$/, '')] = decodeNpy(entry);
  return out;
}
