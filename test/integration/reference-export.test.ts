/**
 * `export --format reference`, checked without PyTorch: the ONNX model run in
 * onnxruntime on eval_data.npz gives each surface's centre loss; the state in
 * PyTorch layout and the reference-format directions, transposed back, are
 * the TensorFlow.js weights and the plane exactly; surface.h5 links its
 * directions and says how it was made; bad input leaves nothing behind.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset as H5Dataset, File as H5File } from 'h5wasm/node';
import type { Snapshot } from '../../src-main/contract.ts';
import { exportReference, REFERENCE_MANIFEST } from '../../src-main/engine/interop/reference/reference-export.ts';
import { runExportJob } from '../../src-main/engine/jobs/export-job.ts';
import { describeNetwork } from '../../src-main/engine/interop/network-description.ts';
import { fromTorchOrder, torchEntries } from '../../src-main/engine/interop/torch-layout.ts';
import { loadH5wasm } from '../../src-main/engine/snapshot/export-h5-file.ts';
import { artifactsToModel } from '../../src-main/engine/snapshot/model-artifacts.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { planeForRecipe } from '../../src-main/engine/surfaces/surface-plane.ts';
import { readAllWeights } from '../../src-main/engine/training/weights.ts';
import { decodeNpz } from '../support/npz.ts';
import { REFERENCE_RUN_IDS, referenceSnapshots } from '../support/reference-fixture.ts';
import { recordingContext, temporaryFolder } from '../support/tiny-snapshot.ts';

let dir: string;
let snapshot: Snapshot;
let trained: Snapshot;
let snapshotPath: string;
let out: string;

beforeAll(async () => {
  dir = await temporaryFolder('lab-reference-');
  const paths = await referenceSnapshots(dir);
  snapshotPath = paths.withSurfaces;
  snapshot = await readSnapshot(paths.withSurfaces);
  trained = await readSnapshot(paths.trained);
  out = join(dir, 'reference');
  await exportReference(snapshot, 'surfaces.lab', out);
}, 240_000);

async function openH5(path: string): Promise<H5File> {
  const h5 = await loadH5wasm();
  return new h5.File(path, 'r');
}

function folderOf(runId: string): string {
  return join(out, snapshot.surfaces.find((s) => s.runId === runId)!.id);
}

describe('reference export', () => {
  it('writes one complete folder per surface and a manifest', async () => {
    const entries = (await readdir(out)).sort();
    expect(entries).toEqual([...snapshot.surfaces.map((s) => s.id), REFERENCE_MANIFEST].sort());
    for (const surface of snapshot.surfaces) {
      expect((await readdir(join(out, surface.id))).sort()).toEqual(['README.txt', 'directions.h5', 'eval_data.npz', 'model.onnx', 'surface.h5', 'torch']);
      expect((await readdir(join(out, surface.id, 'torch'))).sort()).toEqual(['model.py', 'state.h5']);
    }
    const readme = await readFile(join(folderOf('relu'), 'README.txt'), 'utf8');
    expect(readme).toContain("net_plotter.set_weights(net, w, d, np.array([");
    expect(readme).toContain('evaluation.eval_loss(net, torch.nn.CrossEntropyLoss(), loader)');
  });

  it.each(REFERENCE_RUN_IDS)('%s: model.onnx in onnxruntime on eval_data.npz gives the surface centre loss to 1e-5', async (runId) => {
    const folder = folderOf(runId);
    const surface = snapshot.surfaces.find((s) => s.runId === runId)!;
    const data = decodeNpz(new Uint8Array(await readFile(join(folder, 'eval_data.npz'))));
    const images = data.images!;
    const labels = data.labels!.data as BigInt64Array;
    expect(images.descr).toBe('<f4');
    expect(data.labels!.descr).toBe('<i8');
    expect(images.shape).toEqual([160, 1, 28, 28]);
    const session = await ort.InferenceSession.create(await readFile(join(folder, 'model.onnx')), { intraOpNumThreads: 1 });
    try {
      const logits = (await session.run({ input: new ort.Tensor('float32', images.data as Float32Array, images.shape) })).logits!.data as Float32Array;
      let loss = 0;
      let correct = 0;
      const classes = logits.length / labels.length;
      for (let n = 0; n < labels.length; n++) {
        const row = Array.from(logits.subarray(n * classes, (n + 1) * classes));
        const max = Math.max(...row);
        const logSum = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
        loss += logSum - row[Number(labels[n])]!;
        if (row.indexOf(max) === Number(labels[n])) correct += 1;
      }
      loss /= labels.length;
      const centre = surface.values.trainLoss[1 * 5 + 2]!;
      expect(Math.abs(loss - centre) / centre).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(loss - surface.metrics!.centre.loss) / centre).toBeLessThanOrEqual(1e-5);
      expect(correct / labels.length).toBeCloseTo(surface.values.trainAccuracy[7]!, 6);
    } finally {
      await session.release();
    }
  });

  it.each(REFERENCE_RUN_IDS)('%s: state.h5 and directions.h5, transposed back, are the TensorFlow.js weights and plane exactly', async (runId) => {
    const run = snapshot.runs.find((r) => r.spec.id === runId)!;
    const surface = snapshot.surfaces.find((s) => s.runId === runId)!;
    const model = await artifactsToModel(run.model);
    const state = await openH5(join(folderOf(runId), 'torch', 'state.h5'));
    const directions = await openH5(join(folderOf(runId), 'directions.h5'));
    try {
      const description = describeNetwork(model);
      const weights = readAllWeights(model);
      const plane = await planeForRecipe(snapshot, run, model, surface.recipe);
      const entries = torchEntries(description);
      const parameters = entries.filter((e) => e.kind === 'parameter');
      const back = new Float32Array(weights.length);
      const d1 = new Float32Array(weights.length);
      const d2 = new Float32Array(weights.length);
      for (const entry of entries) {
        const dataset = state.get(entry.name) as H5Dataset;
        expect(dataset.shape).toEqual(entry.torchShape);
        back.set(fromTorchOrder(entry, Float32Array.from(dataset.value as Float32Array)), description.layout.offsets[entry.tfIndex]);
      }
      parameters.forEach((entry, i) => {
        const x = directions.get(`xdirection/${i}`) as H5Dataset;
        expect(x.shape).toEqual(entry.torchShape);
        expect(x.attrs['name']!.value).toBe(entry.name);
        d1.set(fromTorchOrder(entry, Float32Array.from(x.value as Float32Array)), description.layout.offsets[entry.tfIndex]);
        const y = directions.get(`ydirection/${i}`) as H5Dataset;
        d2.set(fromTorchOrder(entry, Float32Array.from(y.value as Float32Array)), description.layout.offsets[entry.tfIndex]);
      });
      expect(back).toEqual(weights);
      expect(d1).toEqual(plane.d1);
      expect(d2).toEqual(plane.d2);
      expect(JSON.parse(directions.attrs['parameter_names']!.value as string)).toEqual(parameters.map((e) => e.name));
      if (runId.endsWith('-bn')) expect(parameters.map((e) => e.name)).toContain('bn1.weight');
    } finally {
      state.close();
      directions.close();
      model.dispose();
    }
  });

  it('surface.h5 has the reference layout, dir_file and how it was made', async () => {
    const surface = snapshot.surfaces.find((s) => s.runId === 'tswish-bn')!;
    const file = await openH5(join(folderOf('tswish-bn'), 'surface.h5'));
    try {
      expect((file.get('dir_file') as H5Dataset).value).toBe('directions.h5');
      expect((file.get('train_loss') as H5Dataset).shape).toEqual([3, 5]);
      expect(Array.from((file.get('train_loss') as H5Dataset).value as Float64Array)).toEqual(Array.from(surface.values.trainLoss));
      expect(file.attrs['backend']!.value).toBe(surface.timing.backend);
      expect(file.attrs['norm']!.value).toBe('filter');
      expect(file.attrs['ignore']!.value).toBe('biasbn');
      expect(file.attrs['grid']!.value).toBe('5x3');
      expect(Number(file.attrs['seconds']!.value)).toBeCloseTo(surface.timing.seconds, 6);
      expect(JSON.parse(file.attrs['recipe']!.value as string)).toEqual(surface.recipe);
      expect(JSON.parse(file.attrs['data']!.value as string).evaluation.count).toBe(160);
    } finally {
      file.close();
    }
  });
});

describe('reference export as a zip (the app\'s Export menu)', () => {
  it('the export job writes a .zip target as a zip of the same folders, under one top folder named after it', async () => {
    const zip = join(dir, 'app', 'check.zip');
    const result = await runExportJob({ kind: 'export', snapshot: snapshotPath, format: 'reference', out: zip }, recordingContext());
    expect(result.path).toBe(zip);
    expect(result.folders?.map((f) => f.surfaceId).sort()).toEqual(snapshot.surfaces.map((s) => s.id).sort());
    const names = Object.keys(unzipSync(new Uint8Array(await readFile(zip))));
    for (const surface of snapshot.surfaces) {
      for (const file of ['model.onnx', 'torch/model.py', 'torch/state.h5', 'eval_data.npz', 'directions.h5', 'surface.h5', 'README.txt']) {
        expect(names).toContain(`check/${surface.id}/${file}`);
      }
    }
    expect(names).toContain(`check/${REFERENCE_MANIFEST}`);
    expect(await readdir(join(dir, 'app'))).toEqual(['check.zip']);
  });
});

describe('reference export: bad input', () => {
  it('exports runs without a surface as model and data, saying so', async () => {
    const target = join(dir, 'runs-only');
    const result = await exportReference(trained, 'tiny.lab', target);
    expect(result.folders.map((f) => f.folder).sort()).toEqual([...REFERENCE_RUN_IDS].sort());
    for (const folder of result.folders) {
      expect(folder.surfaceId).toBeNull();
      expect(folder.notes.join(' ')).toMatch(/no surface/);
      expect((await readdir(join(target, folder.folder))).sort()).toEqual(['README.txt', 'eval_data.npz', 'model.onnx', 'torch']);
    }
    expect(await readFile(join(target, 'relu', 'README.txt'), 'utf8')).toMatch(/has no surface/);
  });

  it('leaves nothing in DIR or beside it when it fails part-way', async () => {
    const parent = join(dir, 'cancelled');
    await mkdir(parent);
    const controller = new AbortController();
    const attempt = exportReference(snapshot, 'surfaces.lab', join(parent, 'out'), {
      signal: controller.signal,
      progress: (done) => {
        if (done === 2) controller.abort(new Error('stopped after two folders'));
      },
    });
    await expect(attempt).rejects.toThrow(/stopped after two folders/);
    expect(await readdir(parent)).toEqual([]);
  });

  it('refuses a folder that holds something else, and leaves it as it was', async () => {
    const target = join(dir, 'occupied');
    await mkdir(target);
    await writeFile(join(target, 'notes.txt'), 'mine');
    await expect(exportReference(snapshot, 'surfaces.lab', target)).rejects.toThrow(/not empty and is not an earlier reference export/);
    expect(await readdir(target)).toEqual(['notes.txt']);
  });

  it('replaces an earlier reference export of the same folder', async () => {
    const surface = snapshot.surfaces[0]!;
    await exportReference(snapshot, 'surfaces.lab', out, { surfaceId: surface.id });
    expect((await readdir(out)).sort()).toEqual([surface.id, REFERENCE_MANIFEST].sort());
  });
});
