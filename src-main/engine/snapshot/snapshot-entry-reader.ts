/**
 * The entries of a `.lab` zip, read the careful way: the zip's directory and
 * the manifest come first, so an entry the manifest does not list is refused
 * by name before anything else is decompressed; every entry is then
 * inflated only after its declared size has been checked against what the
 * caller allows (JSON small, arrays exactly as large as the headers say),
 * with a running byte cap, and its SHA-256 checked against the manifest.
 */
import { createHash } from 'node:crypto';
import { strFromU8 } from 'fflate';
import type { z } from 'zod';
import { APP_VERSION } from '../../app-version.ts';
import { ManifestSchema, SNAPSHOT_FORMAT_VERSION, type Manifest } from '../../contract.ts';
import { inflateZipEntry, readZipDirectory, type ZipEntry } from './zip-reader.ts';

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/** The most a JSON entry (manifest, headers, run records, model topology) may hold. */
export const MAX_JSON_ENTRY_BYTES = 64 * 1024 * 1024;
/**
 * The most all deflated entries together may inflate to. The app deflates
 * only JSON and the `done` masks (float arrays are stored), so a real snapshot
 * stays far below; a zip bomb does not get past it.
 */
export const MAX_DEFLATED_TOTAL_BYTES = 256 * 1024 * 1024;

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
const bytes = (n: number): string => n.toLocaleString('en');

export class SnapshotEntryReader {
  readonly manifest: Manifest;
  readonly #bytes: Uint8Array;
  readonly #name: string;
  readonly #directory: Map<string, ZipEntry>;
  readonly #read = new Set<string>();

  /** Reads the directory and the manifest and checks that every entry is listed; nothing else is inflated yet. */
  constructor(data: Uint8Array, name: string) {
    this.#bytes = data;
    this.#name = name;
    let entries: ZipEntry[];
    try {
      entries = readZipDirectory(data);
    } catch (error) {
      throw new SnapshotError(`${name} is not a readable snapshot (damaged or truncated zip: ${(error as Error).message}).`);
    }
    this.#directory = new Map(entries.filter((e) => !e.name.endsWith('/')).map((e) => [e.name, e]));
    if (!this.#directory.has('manifest.json')) throw new SnapshotError(`${name} is not a Landscape Lab snapshot: it has no manifest.json.`);
    this.manifest = this.#parse(ManifestSchema, this.#inflate('manifest.json', MAX_JSON_ENTRY_BYTES), 'manifest.json');
    if (this.manifest.formatVersion > SNAPSHOT_FORMAT_VERSION) {
      throw new SnapshotError(
        `${name} was written by a newer Landscape Lab (format ${this.manifest.formatVersion}, app ${this.manifest.appVersion}); this is ${APP_VERSION} (format ${SNAPSHOT_FORMAT_VERSION}).`,
      );
    }
    for (const path of this.#directory.keys()) {
      if (path !== 'manifest.json' && !(path in this.manifest.entries)) throw new SnapshotError(`${name}: entry ${path} is not listed in the manifest.`);
    }
    for (const path of Object.keys(this.manifest.entries)) {
      if (!this.#directory.has(path)) throw new SnapshotError(`${name}: entry ${path} is listed in the manifest but missing.`);
    }
    const deflated = entries.filter((e) => e.method !== 0).reduce((total, e) => total + e.size, 0);
    if (deflated > MAX_DEFLATED_TOTAL_BYTES) {
      throw new SnapshotError(`${name}: its compressed entries declare ${bytes(deflated)} bytes in all, more than the ${bytes(MAX_DEFLATED_TOTAL_BYTES)} a snapshot may hold.`);
    }
  }

  has(path: string): boolean {
    return this.#directory.has(path);
  }

  /** A JSON entry, parsed and validated against `schema`. */
  json<S extends z.ZodType>(schema: S, path: string): z.infer<S> {
    return this.#parse(schema, this.binary(path, MAX_JSON_ENTRY_BYTES), path);
  }

  /** An entry's bytes, refused unless its declared size is at most `maxBytes`; checked against its SHA-256. */
  binary(path: string, maxBytes: number): Uint8Array {
    const data = this.#inflate(path, maxBytes);
    if (sha256(data) !== this.manifest.entries[path]) {
      throw new SnapshotError(`${this.#name}: entry ${path} is corrupt (its SHA-256 does not match the manifest).`);
    }
    this.#read.add(path);
    return data;
  }

  /** Checks the listed entries nobody asked for (small ones only), so no corrupt byte goes unnoticed. */
  verifyUnread(): void {
    for (const path of Object.keys(this.manifest.entries)) if (!this.#read.has(path)) this.binary(path, MAX_JSON_ENTRY_BYTES);
  }

  #inflate(path: string, maxBytes: number): Uint8Array {
    const entry = this.#directory.get(path);
    if (!entry) throw new SnapshotError(`${this.#name}: entry ${path} is missing.`);
    if (entry.size > maxBytes) {
      throw new SnapshotError(`${this.#name}: entry ${path} declares ${bytes(entry.size)} bytes, more than the ${bytes(maxBytes)} its manifest and headers allow.`);
    }
    try {
      return inflateZipEntry(this.#bytes, entry);
    } catch (error) {
      throw new SnapshotError(`${this.#name} is not a readable snapshot (${(error as Error).message}).`);
    }
  }

  #parse<S extends z.ZodType>(schema: S, data: Uint8Array, path: string): z.infer<S> {
    const where = `${this.#name}: ${path}`;
    let value: unknown;
    try {
      value = JSON.parse(strFromU8(data));
    } catch (error) {
      throw new SnapshotError(`${where} is not valid JSON (${(error as Error).message}).`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SnapshotError(`${where} is invalid: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'schema mismatch'}.`);
    }
    return parsed.data;
  }
}
