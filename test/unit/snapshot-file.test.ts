/**
 * Snapshot decoding: a round trip, and refusals that happen before the
 * entry in question is inflated (unlisted entries, sizes beyond what the
 * headers allow) or after (a flipped byte).
 */
import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { RunSpecSchema, type RunData, type Snapshot } from '../../src-main/contract.ts';
import { decodeSnapshot, encodeSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { makeSnapshot, makeSurface } from './export-fixtures.ts';

function makeRun(): RunData {
  const size = 9; // weight shapes [2, 3] and [3]
  return {
    spec: RunSpecSchema.parse({ id: 'run-a', label: 'ReLU', activation: { name: 'relu' }, network: { preset: 'tiny' }, train: {} }),
    status: 'completed',
    message: null,
    parameterCounts: { trainable: size, total: size, activation: 0 },
    history: [],
    checkpointEpochs: [0, 1],
    weightNames: ['dense/kernel', 'dense/bias'],
    weightShapes: [[2, 3], [3]],
    trainedSeconds: 1,
    backend: { chosen: 'cpu', description: 'cpu' },
    model: { modelJson: { modelTopology: {}, weightsManifest: [] }, weightData: new Uint8Array(4 * size).fill(7) },
    checkpoints: [Float32Array.from({ length: size }, (_, i) => i), Float32Array.from({ length: size }, (_, i) => -i)],
  };
}

function makeFullSnapshot(): Snapshot {
  return { ...makeSnapshot([makeSurface({ id: 'random-1' })]), runs: [makeRun()] };
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Re-zips a snapshot's files after `change`, re-writing the manifest's digests of the files it lists. */
function rezip(bytes: Uint8Array, change: (files: Record<string, Uint8Array>) => void, relist = true): Uint8Array {
  const files = unzipSync(bytes);
  change(files);
  if (relist) {
    const manifest = JSON.parse(strFromU8(files['manifest.json'])) as { entries: Record<string, string> };
    for (const path of Object.keys(manifest.entries)) if (files[path]) manifest.entries[path] = sha256(files[path]);
    files['manifest.json'] = strToU8(JSON.stringify(manifest));
  }
  return zipSync(Object.fromEntries(Object.entries(files).map(([path, data]) => [path, [data, { level: 0 }]])));
}

describe('snapshot files', () => {
  it('decode what they encode', () => {
    const snapshot = makeFullSnapshot();
    const decoded = decodeSnapshot(encodeSnapshot(snapshot), 'demo.lab');
    expect(decoded.runs[0].checkpoints).toEqual(snapshot.runs[0].checkpoints);
    expect(decoded.runs[0].model.weightData).toEqual(snapshot.runs[0].model.weightData);
    expect(decoded.surfaces[0].values.trainLoss).toEqual(snapshot.surfaces[0].values.trainLoss);
    expect(decoded.surfaces[0].done).toEqual(snapshot.surfaces[0].done);
  });

  it('keep a diverged run with its non-finite loss, and read records written before divergence was recorded', () => {
    const divergence = { epoch: 2, step: 5, loss: NaN, limit: 230.26, reason: 'non-finite' as const, keptEpoch: 1 };
    const diverged = { ...makeRun(), status: 'diverged' as const, message: 'The loss became NaN', divergence };
    const decoded = decodeSnapshot(encodeSnapshot({ ...makeFullSnapshot(), runs: [diverged] }), 'demo.lab');
    expect(decoded.runs[0].status).toBe('diverged');
    expect(decoded.runs[0].divergence).toEqual(divergence);
    expect('divergence' in makeRun()).toBe(false);
    expect(decodeSnapshot(encodeSnapshot(makeFullSnapshot()), 'old.lab').runs[0].divergence).toBeUndefined();
  });

  it('decode from a Node Buffer (as readFile gives) into arrays that own their memory', () => {
    const bytes = Buffer.from(encodeSnapshot(makeFullSnapshot()));
    const decoded = decodeSnapshot(bytes, 'demo.lab');
    expect(decoded.runs[0].model.weightData.buffer).not.toBe(bytes.buffer);
    expect(decoded.runs[0].model.weightData.byteLength).toBe(decoded.runs[0].model.weightData.buffer.byteLength);
    expect(decoded.runs[0].checkpoints[1][2]).toBe(-2);
  });

  it('refuse an entry the manifest does not list, by name', () => {
    const bytes = rezip(encodeSnapshot(makeFullSnapshot()), (files) => (files['extra.bin'] = new Uint8Array(10)), false);
    expect(() => decodeSnapshot(bytes, 'demo.lab')).toThrow('demo.lab: entry extra.bin is not listed in the manifest.');
  });

  it('refuse an array larger than its headers allow, even when its digest matches', () => {
    const bytes = rezip(encodeSnapshot(makeFullSnapshot()), (files) => (files['runs/run-a/checkpoint-blocks.f32'] = new Uint8Array(4 * 9 * 2 + 4)));
    expect(() => decodeSnapshot(bytes, 'demo.lab')).toThrow(
      'demo.lab: entry runs/run-a/checkpoint-blocks.f32 declares 76 bytes, more than the 72 its manifest and headers allow.',
    );
  });

  it('name an entry whose bytes were changed', () => {
    const bytes = rezip(encodeSnapshot(makeFullSnapshot()), (files) => (files['runs/run-a/weights.bin'][3] ^= 1), false);
    expect(() => decodeSnapshot(bytes, 'demo.lab')).toThrow('demo.lab: entry runs/run-a/weights.bin is corrupt (its SHA-256 does not match the manifest).');
  });

  it('say plainly when the bytes are not a zip', () => {
    expect(() => decodeSnapshot(new Uint8Array(100).fill(1), 'demo.lab')).toThrow(/^demo\.lab is not a readable snapshot \(damaged or truncated zip/);
  });
});

describe('checkpoints in a snapshot', () => {
  // A dense layer of 64 × 32 and its 32 biases: 2,080 float32 values, 8,320 bytes per checkpoint.
  const shapes = [[64, 32], [32]];
  const kernel = (seed: number): Float32Array => Float32Array.from({ length: 64 * 32 }, (_, i) => Math.sin(seed * 1000 + i));
  const joined = (...parts: Float32Array[]): Float32Array => {
    const flat = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (flat.set(p, at), at + p.length), 0);
    return flat;
  };
  const bytesOf = (a: Float32Array): number[] => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

  /** Three checkpoints: the bias unchanged from 0 to 1 (0 has a −0 where 2 has a 0), and the last one the final weights. */
  function runWithRepeats(): RunData {
    const bias = Float32Array.from({ length: 32 }, (_, i) => (i === 5 ? -0 : i / 7));
    const finalBias = Float32Array.from({ length: 32 }, (_, i) => (i === 5 ? 0 : i / 7 + 1));
    const final = joined(kernel(3), finalBias);
    return {
      ...makeRun(),
      spec: RunSpecSchema.parse({ id: 'run-a', label: 'ReLU', activation: { name: 'relu' }, network: { preset: 'tiny' }, train: { batchSize: 16 } }),
      parameterCounts: { trainable: final.length, total: final.length, activation: 0 },
      checkpointEpochs: [0, 1, 2],
      checkpointSteps: [0, 4, 8],
      weightNames: ['dense/kernel', 'dense/bias'],
      weightShapes: shapes,
      model: {
        modelJson: { modelTopology: {}, weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'dense/kernel', shape: [64, 32], dtype: 'float32' }, { name: 'dense/bias', shape: [32], dtype: 'float32' }] }] },
        weightData: new Uint8Array(final.buffer.slice(0)),
      },
      checkpoints: [joined(kernel(1), bias), joined(kernel(2), bias), final],
    };
  }

  /** The same snapshot in format 1: every checkpoint whole in checkpoints.f32, no steps in run.json. */
  function asFormat1(bytes: Uint8Array, run: RunData): Uint8Array {
    return rezip(bytes, (files) => {
      delete files['runs/run-a/checkpoints.json'];
      delete files['runs/run-a/checkpoint-blocks.f32'];
      files['runs/run-a/checkpoints.f32'] = new Uint8Array(joined(...run.checkpoints).buffer);
      const record = JSON.parse(strFromU8(files['runs/run-a/run.json'])) as Record<string, unknown>;
      delete record.checkpointSteps;
      files['runs/run-a/run.json'] = strToU8(JSON.stringify(record));
      const manifest = JSON.parse(strFromU8(files['manifest.json'])) as { formatVersion: number; entries: Record<string, string> };
      manifest.formatVersion = 1;
      delete manifest.entries['runs/run-a/checkpoints.json'];
      delete manifest.entries['runs/run-a/checkpoint-blocks.f32'];
      manifest.entries['runs/run-a/checkpoints.f32'] = '0'.repeat(64);
      files['manifest.json'] = strToU8(JSON.stringify(manifest));
    });
  }

  it('store a tensor once however often it repeats, smaller than whole checkpoints by the repeated bytes, and read back bit for bit', () => {
    const run = runWithRepeats();
    const encoded = encodeSnapshot({ ...makeFullSnapshot(), runs: [run] });
    const files = unzipSync(encoded);
    const plainBytes = 3 * 4 * 2080;
    // Repeated: the bias of checkpoint 1 (128 bytes) and all of checkpoint 2, which is weights.bin.
    const repeated = 4 * 32 + 4 * 2080;
    expect(files['runs/run-a/checkpoint-blocks.f32'].byteLength).toBe(plainBytes - repeated);
    expect(JSON.parse(strFromU8(files['runs/run-a/checkpoints.json']))).toEqual({
      checkpoints: [[['blocks', 0], ['blocks', 2048]], [['blocks', 2080], ['blocks', 2048]], [['weights', 0], ['weights', 2048]]],
    });
    const plain = asFormat1(encoded, run);
    expect(plain.byteLength - encoded.byteLength).toBeGreaterThan(repeated - 400);

    const decoded = decodeSnapshot(encoded, 'demo.lab').runs[0];
    expect(decoded.checkpoints.map(bytesOf)).toEqual(run.checkpoints.map(bytesOf));
    expect(Object.is(decoded.checkpoints[0][2048 + 5], -0)).toBe(true);
    expect(Object.is(decoded.checkpoints[2][2048 + 5], 0)).toBe(true);
    // Each checkpoint owns its memory: changing one changes no other.
    decoded.checkpoints[1][2048] = 99;
    expect(decoded.checkpoints[0][2048]).toBe(0);
    expect(decoded.checkpointSteps).toEqual([0, 4, 8]);
  });

  it('still read format 1 (checkpoints.f32), deriving each checkpoint’s step from its epoch', () => {
    const run = runWithRepeats();
    const old = asFormat1(encodeSnapshot({ ...makeFullSnapshot(), runs: [run] }), run);
    expect(Object.keys(unzipSync(old)).filter((path) => path.startsWith('runs/'))).toContain('runs/run-a/checkpoints.f32');
    const decoded = decodeSnapshot(old, 'old.lab').runs[0];
    expect(decoded.checkpoints.map(bytesOf)).toEqual(run.checkpoints.map(bytesOf));
    // 64 training examples in batches of 16: 4 steps per epoch.
    expect(decoded.checkpointSteps).toEqual([0, 4, 8]);
  });

  it('refuse an index that points past its blocks, naming it', () => {
    const bytes = rezip(encodeSnapshot({ ...makeFullSnapshot(), runs: [runWithRepeats()] }), (files) => {
      files['runs/run-a/checkpoints.json'] = strToU8(JSON.stringify({ checkpoints: [[['blocks', 0], ['blocks', 2048]], [['blocks', 4000], ['blocks', 2048]], [['weights', 0], ['weights', 2048]]] }));
    });
    expect(() => decodeSnapshot(bytes, 'demo.lab')).toThrow('demo.lab: runs/run-a/checkpoints.json: checkpoint 1, tensor 0: 2048 values at 4000 lie beyond the 4128 of checkpoint-blocks.f32.');
  });
});
