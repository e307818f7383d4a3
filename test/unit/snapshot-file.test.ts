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
    const bytes = rezip(encodeSnapshot(makeFullSnapshot()), (files) => (files['runs/run-a/checkpoints.f32'] = new Uint8Array(4 * 9 * 2 + 4)));
    expect(() => decodeSnapshot(bytes, 'demo.lab')).toThrow(
      'demo.lab: entry runs/run-a/checkpoints.f32 declares 76 bytes, more than the 72 its manifest and headers allow.',
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
