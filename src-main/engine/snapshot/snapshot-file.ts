/**
 * Reads and writes `.lab` snapshot files: a zip whose manifest carries a
 * SHA-256 of every entry. Loading verifies every checksum and schema before
 * anything is used, so a flipped byte anywhere is caught and named.
 * Raw arrays are little-endian float32 (uint8 for the `done` masks).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { strToU8, strFromU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { z } from 'zod';
import {
  ManifestSchema,
  RunRecordSchema,
  SNAPSHOT_FORMAT,
  SNAPSHOT_FORMAT_VERSION,
  SnapshotHeaderSchema,
  SurfaceHeaderSchema,
  type Manifest,
  type RunData,
  type Snapshot,
  type SurfaceData,
} from '../../contract.ts';
import { APP_VERSION } from '../../app-version.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { encodeRun, encodeSurface } from './snapshot-entries.ts';

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/** model.json as TensorFlow.js writes it; the layers loader validates the topology itself. */
const ModelJsonSchema = z.looseObject({ modelTopology: z.record(z.string(), z.unknown()), weightsManifest: z.array(z.unknown()) });

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Encodes a snapshot into zip bytes (with its manifest). */
export function encodeSnapshot(snapshot: Snapshot): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  const header = {
    ...snapshot.header,
    updatedAt: new Date().toISOString(),
    runIds: snapshot.runs.map((r) => r.spec.id),
    surfaceIds: snapshot.surfaces.map((s) => s.id),
  };
  entries['snapshot.json'] = strToU8(JSON.stringify(header, null, 1));
  for (const run of snapshot.runs) Object.assign(entries, encodeRun(run));
  for (const surface of snapshot.surfaces) Object.assign(entries, encodeSurface(surface));
  const manifest: Manifest = {
    format: SNAPSHOT_FORMAT,
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    appVersion: APP_VERSION,
    createdAt: snapshot.header.createdAt,
    entries: Object.fromEntries(Object.entries(entries).map(([path, data]) => [path, sha256(data)])),
  };
  const zippable: Zippable = { 'manifest.json': [strToU8(JSON.stringify(manifest, null, 1)), { level: 6 }] };
  for (const [path, data] of Object.entries(entries)) {
    // Float data barely compresses; storing it keeps saves fast.
    zippable[path] = [data, { level: path.endsWith('.json') || path.endsWith('.u8') ? 6 : 0 }];
  }
  return zipSync(zippable);
}

/** Writes the snapshot atomically (temporary file + rename). */
export async function writeSnapshot(path: string, snapshot: Snapshot): Promise<void> {
  await writeFileAtomic(path, encodeSnapshot(snapshot));
}

export async function readSnapshot(path: string): Promise<Snapshot> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new SnapshotError(`Cannot read snapshot ${path}: ${(error as Error).message}`);
  }
  return decodeSnapshot(bytes, basename(path));
}

/** Decodes and fully validates snapshot bytes. `name` is used in error messages. */
export function decodeSnapshot(bytes: Uint8Array, name: string): Snapshot {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    throw new SnapshotError(`${name} is not a readable snapshot (damaged or truncated zip: ${(error as Error).message}).`);
  }
  const manifestBytes = files['manifest.json'];
  if (!manifestBytes) throw new SnapshotError(`${name} is not a Landscape Lab snapshot: it has no manifest.json.`);
  const manifest = parseJson(ManifestSchema, manifestBytes, `${name}: manifest.json`);
  if (manifest.formatVersion > SNAPSHOT_FORMAT_VERSION) {
    throw new SnapshotError(
      `${name} was written by a newer Landscape Lab (format ${manifest.formatVersion}, app ${manifest.appVersion}); this is ${APP_VERSION} (format ${SNAPSHOT_FORMAT_VERSION}).`,
    );
  }
  for (const [path, digest] of Object.entries(manifest.entries)) {
    const data = files[path];
    if (!data) throw new SnapshotError(`${name}: entry ${path} is listed in the manifest but missing.`);
    if (sha256(data) !== digest) throw new SnapshotError(`${name}: entry ${path} is corrupt (its SHA-256 does not match the manifest).`);
  }
  for (const path of Object.keys(files)) {
    if (path !== 'manifest.json' && !(path in manifest.entries) && !path.endsWith('/')) {
      throw new SnapshotError(`${name}: entry ${path} is not listed in the manifest.`);
    }
  }
  const header = parseJson(SnapshotHeaderSchema, files['snapshot.json'] ?? missing(name, 'snapshot.json'), `${name}: snapshot.json`);
  const runs = header.runIds.map((id) => decodeRun(files, id, name));
  const surfaces = header.surfaceIds.map((id) => decodeSurface(files, id, name));
  for (const surface of surfaces) {
    if (!runs.some((r) => r.spec.id === surface.runId)) {
      throw new SnapshotError(`${name}: surface ${surface.id} refers to run ${surface.runId}, which the snapshot does not hold.`);
    }
  }
  return { appVersion: manifest.appVersion, header, runs, surfaces };
}

function missing(name: string, path: string): never {
  throw new SnapshotError(`${name}: entry ${path} is missing.`);
}

function parseJson<S extends z.ZodType>(schema: S, bytes: Uint8Array, where: string): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(strFromU8(bytes));
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

function float32(bytes: Uint8Array, where: string, expected?: number): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new SnapshotError(`${where} has ${bytes.byteLength} bytes, not a whole number of float32 values.`);
  const values = new Float32Array(bytes.slice().buffer);
  if (expected !== undefined && values.length !== expected) {
    throw new SnapshotError(`${where} holds ${values.length} values; expected ${expected}.`);
  }
  return values;
}

function decodeRun(files: Record<string, Uint8Array>, id: string, name: string): RunData {
  const base = `runs/${id}`;
  const record = parseJson(RunRecordSchema, files[`${base}/run.json`] ?? missing(name, `${base}/run.json`), `${name}: ${base}/run.json`);
  const modelJson = parseJson(
    ModelJsonSchema,
    files[`${base}/model.json`] ?? missing(name, `${base}/model.json`),
    `${name}: ${base}/model.json`,
  ) as Record<string, unknown>;
  const weightData = files[`${base}/weights.bin`] ?? missing(name, `${base}/weights.bin`);
  const size = record.weightShapes.reduce((total, shape) => total + shape.reduce((a, b) => a * b, 1), 0);
  const flat = float32(
    files[`${base}/checkpoints.f32`] ?? missing(name, `${base}/checkpoints.f32`),
    `${name}: ${base}/checkpoints.f32`,
    size * record.checkpointEpochs.length,
  );
  const checkpoints = record.checkpointEpochs.map((_, i) => flat.slice(i * size, (i + 1) * size));
  return { ...record, model: { modelJson, weightData: weightData.slice() }, checkpoints };
}

function decodeSurface(files: Record<string, Uint8Array>, id: string, name: string): SurfaceData {
  const base = `surfaces/${id}`;
  const header = parseJson(SurfaceHeaderSchema, files[`${base}/surface.json`] ?? missing(name, `${base}/surface.json`), `${name}: ${base}/surface.json`);
  const points = header.xCoordinates.length * Math.max(1, header.yCoordinates.length);
  const values: Partial<Record<string, Float32Array>> = {};
  for (const array of header.arrays) {
    const path = `${base}/${array}.f32`;
    values[array] = float32(files[path] ?? missing(name, path), `${name}: ${path}`, points);
  }
  if (!values.trainLoss || !values.trainAccuracy) throw new SnapshotError(`${name}: surface ${id} lacks trainLoss or trainAccuracy.`);
  const done = (files[`${base}/done.u8`] ?? missing(name, `${base}/done.u8`)).slice();
  if (done.length !== points) throw new SnapshotError(`${name}: ${base}/done.u8 has ${done.length} entries; expected ${points}.`);
  return { ...header, values: values as SurfaceData['values'], done };
}
