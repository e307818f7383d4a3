/**
 * The app service against a real engine process on tiny data: the path a
 * user takes (train, save, open) and an engine that dies under it.
 */
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotView } from '../../src-main/contract.ts';
import { AppService, type AppEvent } from '../../src-main/host/app-service.ts';
import { EngineClient } from '../../src-main/engine-client/engine-client.ts';
import { forkEngine, type EngineChannel } from '../../src-main/engine-client/engine-spawn.ts';
import { createWebFiles } from '../../src-main/host/web-files.ts';
import { tinyExperiment, until } from '../unit/host-fixtures.ts';

let dataDir: string;
let service: AppService;
let channels: EngineChannel[];
const events: AppEvent[] = [];
const named = <N extends AppEvent['name']>(name: N) => events.filter((e) => e.name === name).map((e) => e.payload as Extract<AppEvent, { name: N }>['payload']);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lab-host-engine-'));
  process.env.LAB_BACKEND = process.env.LAB_TEST_BACKEND ?? 'wasm';
  channels = [];
  const engine = new EngineClient(() => {
    const channel = forkEngine();
    channels.push(channel);
    return channel;
  });
  const files = createWebFiles({ snapshotsDir: join(dataDir, 'snapshots'), downloadsDir: join(dataDir, 'downloads'), downloadUrl: (name) => `/downloads/${name}`, allowedFolders: () => [dataDir] });
  service = await AppService.create({ engine, host: 'web', files, dataDir, cacheDir: join(dataDir, 'cache') });
  service.onEvent((event) => events.push(event));
});

afterAll(async () => {
  service.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the app service with a real engine', () => {
  let trained: SnapshotView;

  it('trains the tiny preset on 256 MNIST examples and streams the run as contract events', async () => {
    const { jobId } = await service.request('start-training', { experiment: tinyExperiment({ trainLimit: 256 }) });
    await until(() => named('job-finished').length > 0, 60_000);
    const finished = named('job-finished')[0];
    expect(finished).toMatchObject({ jobId, ok: true, cancelled: false, message: null });
    expect(named('run-started')).toEqual([{ jobId, runId: 'relu', parameterCounts: expect.objectContaining({ trainable: expect.any(Number) }) }]);
    expect(named('epoch-finished').map((e) => [e.runId, e.record.epoch])).toEqual([['relu', 1]]);
    expect(named('job-progress').length).toBeGreaterThan(0);
    trained = finished.snapshot!;
    expect(trained.header.dataIdentity.trainCount).toBe(256);
    expect(trained.runs.map((r) => [r.spec.id, r.status, r.history.length])).toEqual([['relu', 'completed', 1]]);
    expect(trained.path).toBe(service.document.workingPath);
  });

  it('saves a byte-identical copy atomically, leaving no temporary file', async () => {
    const target = join(dataDir, 'saved', 'first.lab');
    expect(await service.request('save-snapshot', { path: target })).toEqual({ path: target });
    expect(Buffer.compare(await readFile(target), await readFile(service.document.workingPath))).toBe(0);
    expect(await readdir(join(dataDir, 'saved'))).toEqual(['first.lab']);
  });

  it('opens the saved snapshot and reads back the same runs', async () => {
    const path = join(dataDir, 'saved', 'first.lab');
    const view = (await service.request('open-snapshot', { path }))!;
    expect(view.path).toBe(path);
    expect(view.runs).toEqual(trained.runs);
    expect(await service.request('list-recent', {})).toEqual([path]);
  });

  it('reports a killed engine as engine-exit, and the next request starts a new one', async () => {
    expect(channels).toHaveLength(1);
    channels[0].kill();
    await until(() => named('engine-exit').length > 0, 10_000);
    expect(named('engine-exit')[0].reason).toMatch(/killed by SIGTERM/);

    const info = await service.request('get-app-info', {});
    expect(info.backend?.chosen).toBe(process.env.LAB_BACKEND);
    expect(channels).toHaveLength(2);
    const view = (await service.request('open-snapshot', { path: join(dataDir, 'saved', 'first.lab') }))!;
    expect(view.runs[0].spec.id).toBe('relu');
  });
});
