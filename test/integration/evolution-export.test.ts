import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, File as H5File, Group } from 'h5wasm/node';
import { SurfaceJobSchema, SurfaceRecipeSchema, type Snapshot } from '../../src-main/contract.ts';
import { runExportJob } from '../../src-main/engine/jobs/export-job.ts';
import { runSurfaceJob } from '../../src-main/engine/jobs/surface-job.ts';
import { loadH5wasm } from '../../src-main/engine/snapshot/export-h5-file.ts';
import { EVOLUTION_MANIFEST, exportEvolution } from '../../src-main/engine/snapshot/export-evolution.ts';
import { GIF_LEVELS, levelOf } from '../../src-main/engine/snapshot/evolution-gif.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { decodeGif } from '../support/gif-decode.ts';
import { runCli } from '../support/run-cli.ts';
import { recordingContext, temporaryFolder, tinyExperiment, trainTinySnapshot } from '../support/tiny-snapshot.ts';

const recipe = SurfaceRecipeSchema.parse({ x: { min: -1, max: 1, num: 5 }, y: { min: -1, max: 1, num: 4 }, evaluation: { count: 128 } });

function csvRows(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.trimEnd().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}

describe('export --format evolution: an h5 per frame, the metrics over training as CSV, an animated GIF', () => {
  let dir: string;
  let evolved: string;
  let snapshot: Snapshot;
  let trained: string;

  beforeAll(async () => {
    dir = await temporaryFolder('lab-evolution-export-');
    const experiment = tinyExperiment([{ name: 'tswish' }]);
    experiment.runs[0].train.epochs = 2;
    experiment.runs[0].train.checkpointEvery = 1;
    trained = await trainTinySnapshot(dir, experiment);
    evolved = join(dir, 'evolved.lab');
    const hessian = { iterations: 4, samples: 2, examples: 64 };
    const job = SurfaceJobSchema.parse({ kind: 'surface', snapshot: trained, out: evolved, recipe, workers: 1, hessian, evolution: { renormalise: false } });
    await runSurfaceJob(job, recordingContext());
    snapshot = await readSnapshot(evolved);
  }, 240_000);

  it('writes the three frames, the CSV and the GIF, and a manifest naming them', async () => {
    const out = join(dir, 'evolution');
    const result = await exportEvolution(snapshot, 'evolved.lab', out);
    expect(result.folders).toHaveLength(1);
    const folder = result.folders[0];
    expect(folder.runId).toBe('tswish');
    expect(folder.frames.map((f) => f.epoch)).toEqual([0, 1, 2]);
    expect((await readdir(join(out, 'tswish', 'frames'))).sort()).toEqual(['epoch-000.h5', 'epoch-001.h5', 'epoch-002.h5']);
    expect((await readdir(out)).sort()).toEqual([EVOLUTION_MANIFEST, 'tswish']);
    expect((await readdir(dir)).filter((name) => name.includes('.partial'))).toEqual([]);
    const manifest = JSON.parse(await readFile(join(out, EVOLUTION_MANIFEST), 'utf8')) as { format: string; folders: unknown[] };
    expect(manifest.format).toBe('landscape-lab-evolution');
    expect(manifest.folders).toEqual(JSON.parse(JSON.stringify(result.folders)));
  });

  it('each frame carries the run’s checkpoints in its plane: its own at the centre, the others where the fixed plane puts them', () => {
    const frames = [0, 1, 2].map((epoch) => snapshot.surfaces.find((s) => s.recipe.checkpoint?.epoch === epoch)!);
    const first = frames[0].trajectory!;
    expect(first.map((p) => p.epoch)).toEqual([0, 1, 2]);
    frames.forEach((frame, k) => {
      const trajectory = frame.trajectory!;
      expect(trajectory[k]).toEqual({ epoch: k, x: 0, y: 0, distance: 0 });
      // One plane for every frame: the projection is linear, so frame k sees checkpoint j at P(θj) − P(θk).
      trajectory.forEach((point, j) => {
        expect(point.x).toBeCloseTo(first[j].x - first[k].x, 5);
        expect(point.y).toBeCloseTo(first[j].y - first[k].y, 5);
      });
    });
    // Training moves the weights: the last checkpoint is off the first frame's centre.
    expect(Math.hypot(first[2].x, first[2].y) + first[2].distance).toBeGreaterThan(0);
  });

  it('each frame h5 is the reference layout of its surface, readable with h5wasm', async () => {
    const h5 = await loadH5wasm();
    const out = join(dir, 'evolution');
    for (const frame of (await exportEvolution(snapshot, 'evolved.lab', out)).folders[0].frames) {
      const surface = snapshot.surfaces.find((s) => s.id === frame.surfaceId)!;
      expect(surface.recipe.checkpoint?.epoch).toBe(frame.epoch);
      const file: H5File = new h5.File(join(out, frame.h5), 'r');
      try {
        expect((file.get('train_loss') as Dataset).shape).toEqual([4, 5]);
        expect(Array.from((file.get('train_loss') as Dataset).value as Float64Array)).toEqual(Array.from(surface.values.trainLoss));
        expect(Array.from((file.get('xcoordinates') as Dataset).value as Float64Array)).toEqual(surface.xCoordinates);
        expect((file.get('landscape_lab') as Group).attrs['surface_id'].value).toBe(surface.id);
        expect(JSON.parse((file.get('landscape_lab') as Group).attrs['trajectory'].value as string)).toEqual(surface.trajectory);
      } finally {
        file.close();
      }
    }
  });

  it('the CSV has a row per frame: epoch, centre metrics, λmax, the training curve and the activation parameters at that checkpoint', async () => {
    const out = join(dir, 'evolution');
    await exportEvolution(snapshot, 'evolved.lab', out);
    const rows = csvRows(await readFile(join(out, 'tswish', 'metrics.csv'), 'utf8'));
    expect(rows.map((r) => r.epoch)).toEqual(['0', '1', '2']);
    const run = snapshot.runs[0];
    const parameterNames = Object.keys(run.history[0].activationParams);
    expect(parameterNames.length).toBeGreaterThan(0);
    rows.forEach((row, i) => {
      const surface = snapshot.surfaces.find((s) => s.id === row.surface_id)!;
      expect(surface.recipe.checkpoint?.epoch).toBe(i);
      const m = surface.metrics!;
      expect(Number(row.centre_loss)).toBe(m.centre.loss);
      expect(Number(row.centre_acc)).toBeCloseTo(m.centre.accuracy * 100, 10);
      expect(Number(row.sharpness)).toBe(m.sharpness.value);
      expect(Number(row.curvature_x)).toBe(m.curvature.x);
      expect(Number(row.lambda_max)).toBe(m.hessian!.topEigenvalue);
      expect(Number.isFinite(Number(row.lambda_max))).toBe(true);
      // The training curve after that epoch (none before training) and the parameters from the checkpoint itself.
      const record = run.history.find((h) => h.epoch === i);
      expect(row.train_loss).toBe(record ? String(record.trainLoss) : '');
      for (const name of parameterNames) {
        const column = Object.keys(row).find((c) => c === name || c.startsWith(`${name}[`))!;
        if (record) expect(Math.fround(Number(row[column]))).toBe(Math.fround(record.activationParams[name][0]));
        else expect(Number.isFinite(Number(row[column]))).toBe(true);
      }
    });
    // λmax is the Hessian's at each frame's own centre (its checkpoint), not the final model's.
    expect(new Set(rows.map((r) => r.lambda_max)).size).toBe(3);
    // The parameters move during training: epoch 0 (initial values) differs from epoch 2 somewhere.
    const name = Object.keys(rows[0]).find((c) => c.startsWith(parameterNames[0]))!;
    expect(rows[0][name]).not.toBe(rows[2][name]);
  });

  it('the GIF has a looping frame per checkpoint on one fixed colour scale', async () => {
    const out = join(dir, 'evolution');
    const { gifScale } = (await exportEvolution(snapshot, 'evolved.lab', out)).folders[0];
    const gif = decodeGif(new Uint8Array(await readFile(join(out, 'tswish', 'evolution.gif'))));
    expect(gif.frames).toHaveLength(3);
    expect(gif.loops).toBe(0);
    const frames = [0, 1, 2].map((epoch) => snapshot.surfaces.find((s) => s.recipe.checkpoint?.epoch === epoch)!);
    const all = frames.flatMap((s) => Array.from(s.values.trainLoss));
    expect(gifScale).toEqual({ min: Math.min(...all), max: Math.max(...all) });
    // Each grid point's pixel has its loss's colour on the shared scale; y grows upwards.
    const cell = Math.floor(240 / 5);
    frames.forEach((surface, f) => {
      const { pixels } = gif.frames[f];
      for (let iy = 0; iy < 4; iy++) {
        for (let ix = 0; ix < 5; ix++) {
          const x = 4 + ix * cell + cell / 2;
          const y = 4 + (3 - iy) * cell + cell / 2;
          expect(pixels[y * gif.width + x]).toBe(levelOf(surface.values.trainLoss[iy * 5 + ix], gifScale));
        }
      }
    });
    const levels = gif.frames.flatMap((frame) => [...new Set(frame.pixels)]);
    expect(levels).toContain(0);
    expect(levels).toContain(GIF_LEVELS - 1);
    // The palette's ends are viridis's: dark purple at the lowest loss, yellow at the highest.
    expect(gif.palette[0]).toEqual([68, 1, 84]);
    expect(gif.palette[GIF_LEVELS - 1]).toEqual([253, 231, 37]);
  });

  it('refuses a folder holding something else and leaves it as it was', async () => {
    const other = join(dir, 'other');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'mine');
    await expect(exportEvolution(snapshot, 'evolved.lab', other)).rejects.toThrow(/not an earlier evolution export/);
    expect(await readdir(other)).toEqual(['notes.txt']);
  });

  it('the app’s export (a .zip target, a frame’s surface id) zips the folder of that frame’s evolution', async () => {
    const zip = join(dir, 'app-export.zip');
    const frame = snapshot.surfaces.find((s) => s.recipe.checkpoint?.epoch === 1)!;
    await runExportJob({ kind: 'export', snapshot: evolved, format: 'evolution', surfaceId: frame.id, out: zip }, recordingContext());
    const files = unzipSync(new Uint8Array(await readFile(zip)));
    expect(Object.keys(files).sort()).toEqual([
      `app-export/${EVOLUTION_MANIFEST}`, 'app-export/tswish/evolution.gif', 'app-export/tswish/frames/epoch-000.h5',
      'app-export/tswish/frames/epoch-001.h5', 'app-export/tswish/frames/epoch-002.h5', 'app-export/tswish/metrics.csv',
    ]);
    expect(decodeGif(files['app-export/tswish/evolution.gif']).frames).toHaveLength(3);
    await expect(runExportJob({ kind: 'export', snapshot: evolved, format: 'evolution', surfaceId: 'no-such', out: zip }, recordingContext())).rejects.toThrow(/not a frame of an evolution/);
  });

  it('from the CLI, and a plain snapshot is refused with the way to make an evolution', { timeout: 120_000 }, async () => {
    const out = join(dir, 'cli-evolution');
    const result = await runCli(['export', evolved, '--format', 'evolution', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/tswish\/: run tswish, 3 frames \(epochs 0, 1, 2\), metrics\.csv, evolution\.gif/);
    expect((await readdir(join(out, 'tswish'))).sort()).toEqual(['evolution.gif', 'frames', 'metrics.csv']);
    const plain = await runCli(['export', trained, '--format', 'evolution', '--out', join(dir, 'none')]);
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toMatch(/no evolution to export: compute one with surface --evolution/);
  });
});
