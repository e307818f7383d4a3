/**
 * HDF5 files through h5wasm (the HDF5 C library compiled to WebAssembly).
 * Its Node build reaches the host file system directly (Emscripten NODERAWFS),
 * so a file is built at a temporary path, closed, and its bytes read back:
 * callers get bytes, and the final write goes through `writeFileAtomic`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { jsonWithNonFinite } from '../../contract.ts';
import type { File as H5File, Group as H5Group } from 'h5wasm/node';

export type { H5File, H5Group };

let ready: Promise<unknown> | null = null;

/** The h5wasm module, initialised once per process. */
export async function loadH5wasm(): Promise<typeof h5wasm> {
  ready ??= h5wasm.ready;
  await ready;
  return h5wasm;
}

/**
 * Builds an HDF5 file with `build` and returns its bytes.
 * @param build fills the freshly created (write-mode) file; it must not close it.
 */
export async function encodeH5(build: (file: H5File) => void): Promise<Uint8Array> {
  const h5 = await loadH5wasm();
  const dir = await mkdtemp(join(tmpdir(), 'lab-h5-'));
  const path = join(dir, 'export.h5');
  try {
    const file = new h5.File(path, 'w');
    try {
      build(file);
    } finally {
      file.close();
    }
    return new Uint8Array(await readFile(path));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A JSON text attribute (non-finite numbers as the strings "NaN", "Infinity");
 * the reference's readers ignore attributes, so our extras never disturb them.
 */
export function setJsonAttribute(target: Pick<H5Group, 'create_attribute'>, name: string, value: unknown): void {
  target.create_attribute(name, jsonWithNonFinite(value));
}
