import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudyJob } from '../../src-main/contract.ts';
import { AppService, type AppEvent } from '../../src-main/host/app-service.ts';
import { createWebFiles } from '../../src-main/host/web-files.ts';
import { StandInEngine, tinyExperiment, until } from './host-fixtures.ts';

let dataDir: string;
let bundled: string;
let engine: StandInEngine;
let service: AppService;
let events: AppEvent[];

const report = (title: string) => `<!DOCTYPE html><html><head><title>${title}</title></head><body></body></html>`;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lab-studies-'));
  bundled = join(dataDir, 'bundled');
  await mkdir(bundled, { recursive: true });
  engine = new StandInEngine();
  const files = createWebFiles({ snapshotsDir: join(dataDir, 'snapshots'), downloadsDir: join(dataDir, 'downloads'), downloadUrl: (name) => `/downloads/${name}`, allowedFolders: () => [dataDir] });
  service = await AppService.create({ engine, host: 'web', files, dataDir, cacheDir: join(dataDir, 'cache'), reportsDir: join(dataDir, 'reports'), bundledReportsDir: bundled });
  events = [];
  service.onEvent((event) => events.push(event));
});

afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('studies in the app service', () => {
  it('lists the four study presets with their size at each scale', async () => {
    const studies = await service.request('list-studies', {});
    expect(studies.map((s) => s.name)).toEqual(['survey', 'batchnorm', 'table2', 'smoothing']);
    // Three random planes (direction seeds) around each of the five first-seed models.
    expect(studies.find((s) => s.name === 'table2')).toMatchObject({ quick: { runs: 15, surfaces: 15 }, full: { runs: 15, surfaces: 15 } });
  });

  it('runs a study into the reports folder under its name and scale, reporting only its progress', async () => {
    const { jobId } = await service.request('start-study', { name: 'batchnorm', scale: 'quick' });
    const job = engine.jobs.at(-1)!;
    const sent = job.job as StudyJob;
    expect(sent).toMatchObject({ kind: 'study', name: 'batchnorm', scale: 'quick', out: join(dataDir, 'reports'), cacheDir: join(dataDir, 'cache') });
    expect(sent.reportName).toBe('batchnorm-quick');
    job.onEvent({ type: 'progress', jobId: job.jobId, progress: { phase: 'Study batchnorm', done: 1, total: 10, etaSeconds: null, runId: null, detail: {} } });
    job.onEvent({ type: 'run-started', jobId: job.jobId, runId: 'relu-bn-s1', parameterCounts: { trainable: 1, total: 1, activation: 0 } });
    job.resolve({});
    await until(() => events.some((e) => e.name === 'job-finished'));
    expect(events.map((e) => e.name)).toEqual(['job-progress', 'job-finished']);
    expect(events[1].payload).toMatchObject({ jobId, ok: true, snapshot: null });
    expect(engine.kinds()).toEqual(['study']);
  });

  it('runs one study at a time, but lets training start beside it: a study does not hold the working snapshot', async () => {
    await service.request('start-study', { name: 'table2', scale: 'full' });
    await expect(service.request('start-study', { name: 'survey', scale: 'quick' })).rejects.toThrow(/another study is running/);
    await service.request('start-training', { experiment: tinyExperiment() });
    expect(engine.kinds()).toEqual(['study', 'train']);
    engine.jobs[0].resolve({});
    await until(() => events.some((e) => e.name === 'job-finished'));
    await service.request('start-study', { name: 'survey', scale: 'quick' });
    expect(engine.kinds()).toEqual(['study', 'train', 'study']);
  });

  it('lists its own reports and the committed ones, its own first when a name is in both', async () => {
    await mkdir(join(dataDir, 'reports'), { recursive: true });
    await writeFile(join(dataDir, 'reports', 'table2.html'), report('Mine'));
    await writeFile(join(bundled, 'table2.html'), report('Committed table2'));
    await writeFile(join(bundled, 'survey.html'), report('Committed survey'));
    await writeFile(join(bundled, 'survey.lab'), 'snapshot');
    const listed = await service.request('list-reports', {});
    expect(listed.map((r) => [r.name, r.title]).sort()).toEqual([
      ['survey', 'Committed survey'],
      ['table2', 'Mine'],
    ]);
    expect((await service.request('open-report', { name: 'table2' })).html).toContain('Mine');
    expect(await service.request('open-report', { name: 'survey' })).toEqual({ html: report('Committed survey'), snapshot: join(bundled, 'survey.lab') });
    await expect(service.request('open-report', { name: 'nothing' })).rejects.toThrow(/no report called "nothing"/);
  });
});
