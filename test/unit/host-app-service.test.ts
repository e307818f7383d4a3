import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineJobInput, EpochRecord, SnapshotView } from '../../src-main/contract.ts';
import { AppService, type AppEvent } from '../../src-main/host/app-service.ts';
import { EngineJobError } from '../../src-main/engine-client/engine-client.ts';
import { RequestError } from '../../src-main/host/request-validation.ts';
import { createWebFiles } from '../../src-main/host/web-files.ts';
import { SMALL_RECIPE, StandInEngine, tinyExperiment, until } from './host-fixtures.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

const record = (epoch: number, seconds: number): EpochRecord => ({
  epoch,
  trainLoss: 2.3,
  trainAccuracy: 0.1,
  testLoss: 2.3,
  testAccuracy: 0.1,
  activationParams: {},
  seconds,
});

let dataDir: string;
let engine: StandInEngine;
let service: AppService;
let events: AppEvent[];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lab-service-'));
  engine = new StandInEngine();
  engine.autoAnswer.set('inspect', (job) => ({ path: (job as { snapshot: string }).snapshot, header: { name: 'inspected' }, runs: [], surfaces: [] }));
  const files = createWebFiles({ snapshotsDir: join(dataDir, 'snapshots'), downloadsDir: join(dataDir, 'downloads'), downloadUrl: (name) => `/downloads/${name}?token=t`, allowedFolders: () => [dataDir] });
  service = await AppService.create({ engine, host: 'web', files, dataDir, cacheDir: join(dataDir, 'cache') });
  events = [];
  service.onEvent((event) => events.push(event));
});

afterEach(() => rm(dataDir, { recursive: true, force: true }));

/** Lets the latest engine job write the working snapshot and finish. */
async function finishWithSnapshot(content = 'snapshot bytes'): Promise<void> {
  const job = engine.jobs.at(-1)!;
  const finishedBefore = events.filter((e) => e.name === 'job-finished').length;
  await writeFile((job.job as { out: string }).out, content);
  job.resolve({});
  await until(() => events.filter((e) => e.name === 'job-finished').length > finishedBefore);
}

const named = <N extends AppEvent['name']>(name: N) => events.filter((e) => e.name === name).map((e) => e.payload as Extract<AppEvent, { name: N }>['payload']);

describe('the app service', () => {
  it('refuses a malformed payload before the engine sees it', async () => {
    await expect(service.handle('start-training', { experiment: { runs: [] } })).rejects.toThrow(RequestError);
    await expect(service.handle('compute-surfaces', { recipe: { x: 'wide' } })).rejects.toThrow(/Invalid "compute-surfaces" request/);
    await expect(service.handle('no-such-request', {})).rejects.toThrow(/Unknown request/);
    expect(engine.jobs).toEqual([]);
  });

  it('streams a training job as contract events and ends it with a fresh view of the working snapshot', async () => {
    const { jobId } = await service.request('start-training', { experiment: tinyExperiment() });
    const job = engine.jobs[0];
    expect(job.job).toMatchObject({ kind: 'train', out: service.document.workingPath });
    job.onEvent({ type: 'progress', jobId, progress: { phase: 'Training', done: 1, total: 4, etaSeconds: 3, runId: 'relu', detail: {} } });
    job.onEvent({ type: 'run-started', jobId, runId: 'relu', parameterCounts: { trainable: 10, total: 10, activation: 0 } });
    job.onEvent({ type: 'epoch', jobId, runId: 'relu', record: record(1, 0.5) });
    await finishWithSnapshot();

    expect(events.map((e) => e.name)).toEqual(['job-progress', 'run-started', 'epoch-finished', 'job-finished']);
    const [finished] = named('job-finished');
    expect(finished).toMatchObject({ jobId, ok: true, cancelled: false, message: null });
    expect(finished.snapshot?.header.name).toBe('inspected');
    expect(finished.snapshot?.path).toBe(service.document.workingPath);
    expect(engine.kinds()).toEqual(['train', 'inspect']);
    expect(service.document.unsaved).toBe(true);
  });

  it('shows each run\'s surface as soon as the surface job has written it, while the others compute', async () => {
    await service.request('start-training', { experiment: tinyExperiment() });
    await finishWithSnapshot();
    const { jobId } = await service.request('compute-surfaces', { recipe: SMALL_RECIPE });
    const job = engine.jobs.find((j) => j.jobId === jobId)!;
    const progress = (runId: string, done: number) => job.onEvent({ type: 'progress', jobId, progress: { phase: `Surface of ${runId}`, done, total: 8, etaSeconds: null, runId, detail: {} } });
    progress('relu', 1);
    progress('relu', 4);
    expect(named('snapshot-updated')).toEqual([]);
    // The engine wrote ReLU's surface into the working snapshot and went on to the next run.
    await writeFile((job.job as { out: string }).out, 'with relu');
    progress('tswish', 5);
    await until(() => named('snapshot-updated').length === 1);
    expect(named('snapshot-updated')[0]).toMatchObject({ jobId, snapshot: { path: service.document.workingPath } });
    await writeFile((job.job as { out: string }).out, 'with both');
    job.resolve({});
    await until(() => named('job-finished').some((f) => f.jobId === jobId));
    expect(named('job-finished').at(-1)).toMatchObject({ jobId, ok: true });
  });

  it('runs one training or surface job at a time', async () => {
    await service.request('start-training', { experiment: tinyExperiment() });
    await expect(service.request('start-training', { experiment: tinyExperiment() })).rejects.toThrow(/while training or a surface is running/);
    await expect(service.request('compute-surfaces', { recipe: SMALL_RECIPE })).rejects.toThrow(/while training/);
    await finishWithSnapshot();
    await service.request('compute-surfaces', { recipe: SMALL_RECIPE, workers: 2 });
    expect(engine.jobs.at(-1)!.job).toMatchObject({ kind: 'surface', snapshot: service.document.workingPath, out: service.document.workingPath, workers: 2 });
    expect(engine.jobs.at(-1)!.job).not.toHaveProperty('evolution', expect.anything());
  });

  it('passes a landscape evolution on to the surface job', async () => {
    await service.request('start-training', { experiment: tinyExperiment() });
    await finishWithSnapshot();
    await service.request('compute-surfaces', { recipe: SMALL_RECIPE, evolution: { renormalise: true } });
    expect(engine.jobs.at(-1)!.job).toMatchObject({ kind: 'surface', evolution: { renormalise: true } });
  });

  it('passes direction seeds (K random planes per run) on to the surface job, and refuses a count the engine cannot take', async () => {
    await service.request('start-training', { experiment: tinyExperiment() });
    await finishWithSnapshot();
    await service.request('compute-surfaces', { recipe: SMALL_RECIPE, directionSeeds: 3 });
    expect(engine.jobs.at(-1)!.job).toMatchObject({ kind: 'surface', directionSeeds: 3 });
    await expect(service.request('compute-surfaces', { recipe: SMALL_RECIPE, directionSeeds: 0 })).rejects.toThrow();
  });

  it('resumes an interrupted surface computation from its journal when asked', async () => {
    await service.request('start-training', { experiment: tinyExperiment() });
    await finishWithSnapshot();
    await service.request('compute-surfaces', { recipe: SMALL_RECIPE, directionSeeds: 3, resume: true });
    expect(engine.jobs.at(-1)!.job).toMatchObject({ kind: 'surface', directionSeeds: 3, resume: true });
  });

  it('reports a cancelled job as cancelled, keeping what the engine wrote', async () => {
    const { jobId } = await service.request('start-training', { experiment: tinyExperiment() });
    await service.request('cancel-job', { jobId });
    expect(engine.jobs[0].cancelled).toBe(true);
    await finishWithSnapshot();
    expect(named('job-finished')[0]).toMatchObject({ ok: false, cancelled: true, message: expect.stringContaining('Cancelled') });
    expect(named('job-finished')[0].snapshot).not.toBeNull();
  });

  it('passes an engine error on as a readable message', async () => {
    await service.request('start-training', { experiment: tinyExperiment() });
    engine.jobs[0].reject(new EngineJobError('Unknown activation "nope".', false));
    await until(() => named('job-finished').length > 0);
    expect(named('job-finished')[0]).toMatchObject({ ok: false, cancelled: false, message: 'Unknown activation "nope".', snapshot: null });
  });

  it('reports an engine crash and reads nothing back until the next request', async () => {
    const { jobId } = await service.request('start-training', { experiment: tinyExperiment() });
    await writeFile(service.document.workingPath, 'partial');
    engine.jobs[0].reject(new EngineJobError('The engine stopped unexpectedly (killed by SIGKILL).', false));
    engine.crash('killed by SIGKILL', [jobId]);
    await until(() => named('job-finished').length > 0);
    expect(named('engine-exit')).toEqual([{ reason: 'killed by SIGKILL', jobIds: [jobId] }]);
    expect(named('job-finished')[0]).toMatchObject({ ok: false, snapshot: null });
    expect(engine.kinds()).toEqual(['train']);
  });

  it('saves the working snapshot atomically, then in place, and lists it as recent', async () => {
    await expect(service.request('save-snapshot', {})).rejects.toThrow(/nothing to save/);
    await service.request('start-training', { experiment: tinyExperiment() });
    await finishWithSnapshot('v1');
    const first = await service.request('save-snapshot', {});
    expect(first!.path).toBe(join(dataDir, 'snapshots', 'inspected.lab'));
    expect(await readFile(first!.path, 'utf8')).toBe('v1');

    await service.request('compute-surfaces', { recipe: SMALL_RECIPE });
    await finishWithSnapshot('v2');
    expect(await service.request('save-snapshot', {})).toEqual(first);
    expect(await readFile(first!.path, 'utf8')).toBe('v2');
    expect(service.document.unsaved).toBe(false);

    const copy = await service.request('save-snapshot', { path: 'copies/other' });
    expect(copy!.path).toBe(join(dataDir, 'snapshots', 'copies', 'other.lab'));
    expect(await service.request('list-recent', {})).toEqual([copy!.path, first!.path]);
  });

  it('refuses web paths that climb out of the snapshot folder', async () => {
    await expect(service.request('open-snapshot', { path: '../../etc/passwd' })).rejects.toThrow(/outside the snapshot folder/);
    await expect(service.request('open-snapshot', {})).rejects.toThrow(/cannot show a file dialog/);
  });

  it('opens a snapshot after the engine has verified it, as a copy that becomes the working one', async () => {
    const saved = join(dataDir, 'elsewhere', 'study.lab');
    await mkdir(join(dataDir, 'elsewhere'));
    await writeFile(saved, 'saved study');
    const view = (await service.request('open-snapshot', { path: saved })) as SnapshotView;
    expect(engine.jobs[0].job).toEqual({ kind: 'inspect', snapshot: saved });
    expect(view.path).toBe(saved);
    expect(await readFile(service.document.workingPath, 'utf8')).toBe('saved study');
    expect(service.document.path).toBe(saved);
    expect(await service.request('list-recent', {})).toEqual([saved]);
  });

  it('does not open a snapshot the engine rejects', async () => {
    engine.autoAnswer.set('inspect', () => {
      throw new EngineJobError('runs/relu/weights.bin: checksum mismatch', false);
    });
    const bad = join(dataDir, 'bad.lab');
    await writeFile(bad, 'flipped');
    await expect(service.request('open-snapshot', { path: bad })).rejects.toThrow(/checksum mismatch/);
    expect(existsSync(service.document.workingPath)).toBe(false);
    await expect(service.request('open-snapshot', { path: join(dataDir, 'gone.lab') })).rejects.toThrow(/There is no snapshot at/);
  });

  it('writes PNG exports from the renderer bytes and serves them by URL on the web', async () => {
    await expect(service.request('export', { format: 'png', png: new Uint8Array([1, 2, 3]) })).rejects.toThrow(/PNG image bytes/);
    const done = await service.request('export', { format: 'png', png: PNG });
    expect(done!.url).toBe('/downloads/experiment.png?token=t');
    expect(new Uint8Array(await readFile(done!.path!))).toEqual(PNG);
  });

  it('exports other formats through the engine from the working snapshot', async () => {
    await expect(service.request('export', { format: 'h5' })).rejects.toThrow(/nothing to export/);
    await service.request('start-training', { experiment: tinyExperiment() });
    await finishWithSnapshot();
    engine.autoAnswer.set('export', () => ({}));
    const done = await service.request('export', { format: 'vtp', surfaceId: 'relu-random' });
    expect(engine.jobs.at(-1)!.job).toEqual({ kind: 'export', snapshot: service.document.workingPath, surfaceId: 'relu-random', format: 'vtp', out: done!.path });
    expect(done!.path).toBe(join(dataDir, 'downloads', 'inspected-relu-random.vtp'));
  });

  it('estimates training from timed probe epochs and remembers the timing', async () => {
    const experiment = tinyExperiment({ trainLimit: 256, epochs: 3 });
    const estimate = service.request('estimate-training', { experiment });
    await until(() => engine.jobs.length > 0);
    const probe = engine.jobs[0];
    const probeData = (probe.job as Extract<EngineJobInput, { kind: 'train' }>).experiment.data;
    expect(probeData).toMatchObject({ trainLimit: 192, testLimit: 1 });
    probe.onEvent({ type: 'epoch', jobId: probe.jobId, runId: 'probe-0', record: record(1, 9) });
    probe.onEvent({ type: 'epoch', jobId: probe.jobId, runId: 'probe-0', record: record(2, 0.96) });
    probe.resolve({});
    const result = await estimate;
    // 0.96 s for 192 examples → 5 ms per example; an epoch trains 256 and evaluates 64 at a third of the cost.
    expect(result.secondsPerEpoch).toBeCloseTo(0.005 * (256 + 64 / 3), 6);
    expect(result.seconds).toBeCloseTo(3 * result.secondsPerEpoch, 6);
    expect(result.detail).toMatch(/Timed 3 training batches/);
    await service.request('estimate-training', { experiment: { ...experiment, runs: [{ ...experiment.runs[0], train: { ...experiment.runs[0].train, epochs: 10 } }] } });
    expect(engine.jobs).toHaveLength(1);
  });

  it('estimates surfaces before Compute by timing points of each run (setup once + points × per point), one engine job per run', async () => {
    await expect(service.request('estimate-surfaces', { runIds: ['relu'], recipe: SMALL_RECIPE })).rejects.toThrow(/working snapshot/);
    await service.request('start-training', { experiment: tinyExperiment() });
    await finishWithSnapshot();
    const perPoint: Record<string, number> = { relu: 0.01, tswish: 0.04 };
    engine.autoAnswer.set('surface', (job) => {
      const runId = (job as { runIds: string[] }).runIds[0];
      return { backend: 'onnxruntime cpu', estimate: { points: 81, secondsPerPoint: perPoint[runId], setupSeconds: 0.5, planeSeconds: 0.2, estimatedSeconds: 0.5 + 81 * perPoint[runId] } };
    });
    const before = engine.jobs.length;
    const estimate = await service.request('estimate-surfaces', { runIds: ['relu', 'tswish'], recipe: SMALL_RECIPE });
    const jobs = engine.jobs.slice(before).map((j) => j.job as { kind: string; runIds: string[]; estimateOnly: boolean; snapshot: string });
    expect(jobs.map((j) => [j.kind, j.runIds, j.estimateOnly, j.snapshot])).toEqual([
      ['surface', ['relu'], true, service.document.workingPath],
      ['surface', ['tswish'], true, service.document.workingPath],
    ]);
    expect(estimate.perRun.map((r) => [r.runId, r.setupSeconds, r.seconds])).toEqual([['relu', 0.5, 1.31], ['tswish', 0.5, 3.74]]);
    expect(estimate.seconds).toBeCloseTo(5.05, 9);
    expect(estimate.detail).toMatch(/a few points of each run.*onnxruntime cpu.*warm-up counted once as setup.*median.*81 points/);
  });

  it('reads a damaged recent list as empty', async () => {
    await writeFile(join(dataDir, 'recent.json'), '{"version":1,"paths":["relative/path.lab"]}');
    const files = createWebFiles({ snapshotsDir: dataDir, downloadsDir: dataDir, downloadUrl: (n) => n, allowedFolders: () => [dataDir] });
    const fresh = await AppService.create({ engine, host: 'web', files, dataDir });
    expect(await fresh.request('list-recent', {})).toEqual([]);
  });

  it('on the web host, refuses to save in place to a document path outside the allowed folders', async () => {
    // An earlier session left a document whose file lies outside the folders now allowed.
    const outside = await mkdtemp(join(tmpdir(), 'lab-outside-'));
    try {
      await writeFile(join(outside, 'theirs.lab'), 'not ours');
      await mkdir(join(dataDir, 'working'), { recursive: true });
      await writeFile(join(dataDir, 'working', 'web.lab'), 'working bytes');
      await writeFile(join(dataDir, 'working', 'web.lab.json'), JSON.stringify({ version: 1, path: join(outside, 'theirs.lab'), unsaved: true }));
      const files = createWebFiles({ snapshotsDir: join(dataDir, 'snapshots'), downloadsDir: dataDir, downloadUrl: (n) => n, allowedFolders: () => [dataDir] });
      const fresh = await AppService.create({ engine, host: 'web', files, dataDir });
      expect(fresh.document.path).toBe(join(outside, 'theirs.lab'));
      await expect(fresh.request('save-snapshot', {})).rejects.toThrow(/outside the folders the web host may use/);
      expect(await readFile(join(outside, 'theirs.lab'), 'utf8')).toBe('not ours');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
