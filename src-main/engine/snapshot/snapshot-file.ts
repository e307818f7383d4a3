/**
 * Reads and writes `.lab` snapshot files: a zip whose manifest carries a
 * SHA-256 of every entry. Loading verifies every checksum and schema before
 * anything is used, so a flipped byte anywhere is caught and named.
 * Raw arrays are little-endian float32 (uint8 for the `done` masks).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { z } from 'zod';
import {
  CheckpointIndexSchema,
  RunRecordSchema,
  SNAPSHOT_FORMAT,
  SNAPSHOT_FORMAT_VERSION,
  SnapshotHeaderSchema,
  SurfaceHeaderSchema,
  type Manifest,
  type RunData,
  type RunRecord,
  type Snapshot,
  type SurfaceData,
} from '../../contract.ts';
import { APP_VERSION } from '../../app-version.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { removeStaleTemporaries } from './stale-temporaries.ts';
import { alignedFloat32, decodeCheckpointBlocks } from './checkpoint-blocks.ts';
import { encodeRun, encodeSurface } from './snapshot-entries.ts';
import { SnapshotEntryReader, SnapshotError } from './snapshot-entry-reader.ts';

export { SnapshotError };

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
  // Opening cleans up after a save that was killed mid-write.
  await removeStaleTemporaries(path);
  return decodeSnapshot(bytes, basename(path));
}

/**
 * Decodes and fully validates snapshot bytes. `name` is used in error
 * messages. Entries are inflated one by one, each only after its declared
 * size has been checked against what the manifest and the headers allow.
 */
export function decodeSnapshot(bytes: Uint8Array, name: string): Snapshot {
  const entries = new SnapshotEntryReader(bytes, name);
  const header = entries.json(SnapshotHeaderSchema, 'snapshot.json');
  const runs = header.runIds.map((id) => decodeRun(entries, id, name, header.dataIdentity.trainCount));
  const surfaces = header.surfaceIds.map((id) => decodeSurface(entries, id, name));
  entries.verifyUnread();
  for (const surface of surfaces) {
    if (!runs.some((r) => r.spec.id === surface.runId)) {
      throw new SnapshotError(`${name}: surface ${surface.id} refers to run ${surface.runId}, which the snapshot does not hold.`);
    }
  }
  return { appVersion: entries.manifest.appVersion, header, runs, surfaces };
}

function float32(bytes: Uint8Array, where: string, expected: number): Float32Array {
  if (bytes.byteLength !== expected * 4) throw new SnapshotError(`${where} has ${bytes.byteLength} bytes; expected ${expected} float32 values.`);
  // An entry may start at any byte of a shared buffer: copy when it is not aligned (a copy,
  // not Buffer#slice, which shares the memory).
  if (bytes.byteOffset % 4 !== 0) {
    const aligned = new Uint8Array(bytes.byteLength);
    aligned.set(bytes);
    return new Float32Array(aligned.buffer, 0, expected);
  }
  return new Float32Array(bytes.buffer, bytes.byteOffset, expected);
}

/** Snapshots written before checkpoints had steps: every checkpoint was at the end of its epoch. */
function withCheckpointSteps(record: RunRecord, trainCount: number): RunRecord {
  if (record.checkpointSteps) {
    if (record.checkpointSteps.length !== record.checkpointEpochs.length) throw new SnapshotError(`run ${record.spec.id}: ${record.checkpointSteps.length} checkpoint steps for ${record.checkpointEpochs.length} checkpoints.`);
    return record;
  }
  const batchesPerEpoch = Math.ceil(trainCount / record.spec.train.batchSize);
  return { ...record, checkpointSteps: record.checkpointEpochs.map((epoch) => epoch * batchesPerEpoch) };
}

function decodeRun(entries: SnapshotEntryReader, id: string, name: string, trainCount: number): RunData {
  const base = `runs/${id}`;
  const record = withCheckpointSteps(entries.json(RunRecordSchema, `${base}/run.json`), trainCount);
  const modelJson = entries.json(ModelJsonSchema, `${base}/model.json`) as Record<string, unknown>;
  const size = record.weightShapes.reduce((total, shape) => total + shape.reduce((a, b) => a * b, 1), 0);
  // weights.bin holds every weight once as float32.
  const weightData = entries.binary(`${base}/weights.bin`, 4 * size);
  const count = record.checkpointEpochs.length;
  let checkpoints: Float32Array[];
  if (entries.has(`${base}/checkpoints.json`)) {
    const index = entries.json(CheckpointIndexSchema, `${base}/checkpoints.json`);
    if (index.checkpoints.length !== count) throw new SnapshotError(`${name}: ${base}/checkpoints.json lists ${index.checkpoints.length} checkpoints; run.json has ${count}.`);
    // Without repeats the blocks are at most every checkpoint whole.
    const blocksPath = `${base}/checkpoint-blocks.f32`;
    const blocks = entries.binary(blocksPath, 4 * size * count);
    if (blocks.byteLength % 4 !== 0) throw new SnapshotError(`${name}: ${blocksPath} has ${blocks.byteLength} bytes, not a whole number of float32 values.`);
    try {
      checkpoints = decodeCheckpointBlocks(index, alignedFloat32(blocks), alignedFloat32(weightData), record.weightShapes);
    } catch (error) {
      throw new SnapshotError(`${name}: ${base}/checkpoints.json: ${(error as Error).message}`);
    }
  } else {
    // Format 1: every checkpoint whole, one after another.
    const checkpointsPath = `${base}/checkpoints.f32`;
    const flat = float32(entries.binary(checkpointsPath, 4 * size * count), `${name}: ${checkpointsPath}`, size * count);
    checkpoints = record.checkpointEpochs.map((_, i) => flat.slice(i * size, (i + 1) * size));
  }
  return { ...record, model: { modelJson, weightData }, checkpoints };
}

function decodeSurface(entries: SnapshotEntryReader, id: string, name: string): SurfaceData {
  const base = `surfaces/${id}`;
  const header = entries.json(SurfaceHeaderSchema, `${base}/surface.json`);
  const points = header.xCoordinates.length * Math.max(1, header.yCoordinates.length);
  const values: Partial<Record<string, Float32Array>> = {};
  for (const array of header.arrays) {
    const path = `${base}/${array}.f32`;
    values[array] = float32(entries.binary(path, 4 * points), `${name}: ${path}`, points);
  }
  if (!values.trainLoss || !values.trainAccuracy) throw new SnapshotError(`${name}: surface ${id} lacks trainLoss or trainAccuracy.`);
  const done = entries.binary(`${base}/done.u8`, points);
  if (done.length !== points) throw new SnapshotError(`${name}: ${base}/done.u8 has ${done.length} entries; expected ${points}.`);
  return { ...header, values: values as SurfaceData['values'], done };
}
