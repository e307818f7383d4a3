/**
 * `study`: runs a study preset end to end. Its trainings and surfaces are
 * shared between this process and warm pool engines (one per core), then
 * gathered into ONE snapshot `<out>/<name>.lab` that records the study, and
 * the report is written beside it. Finished parts survive a cancel or a
 * crash, so the same job run again continues where it stopped.
 */
import { availableParallelism } from 'node:os';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunData, Snapshot, StudyJob, StudyRecord, SurfaceData } from '../../contract.ts';
import { APP_VERSION } from '../../app-version.ts';
import { currentBackend, formatBackendReport } from '../backend.ts';
import { loadDataset } from '../data/load-dataset.ts';
import { writeSnapshot } from '../snapshot/snapshot-file.ts';
import { workerPool } from '../surfaces/worker-pool.ts';
import { evaluateClaims } from '../study/evaluate-claims.ts';
import { expandStudy } from '../study/expand-study.ts';
import { machineInfo } from '../study/machine-info.ts';
import { writeStudyReport } from '../study/report/write-report.ts';
import { StudyMetrics } from '../study/study-metrics.ts';
import { evolutionTaskId } from '../study/study-evolution-tasks.ts';
import { studyTasks, surfaceTaskId, type StudyTaskValue } from '../study/study-tasks.ts';
import { localLane, remoteLane } from '../study/task-lanes.ts';
import { runTasks, type SchedulerProgress } from '../study/task-scheduler.ts';
import type { Verdict } from '../study/verdict-rule.ts';
import { JobCancelled, type JobContext } from './job-context.ts';

export interface StudyResult {
  snapshot: string;
  html: string;
  markdown: string;
  backend: string;
  workers: number;
  seconds: StudyRecord['seconds'];
  runs: number;
  surfaces: number;
  claims: Array<{ id: string; statement: string; verdict: Verdict; ours: string }>;
}

function describeProgress(name: string, progress: SchedulerProgress): string {
  const { finished, totals } = progress;
  return `Study ${name}: ${finished.train}/${totals.train} runs trained, ${finished.surface}/${totals.surface} surfaces`;
}

export async function runStudyJob(job: StudyJob, context: JobContext): Promise<StudyResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const plan = expandStudy(job.name, job.scale, { seeds: job.seeds });
  const stem = job.reportName ?? job.name;
  const partsDir = join(job.out, `.${stem}.parts`);
  await mkdir(partsDir, { recursive: true });
  const backend = currentBackend();
  const backendText = backend ? formatBackendReport(backend) : 'unknown';

  const tasks = studyTasks(plan, {
    partsDir,
    cacheDir: job.cacheDir,
    forward: (event) => {
      if (event.type === 'run-started' || event.type === 'epoch') context.emit(event);
    },
  });
  // Loaded (and for CIFAR-10 downloaded) once here first, so the lanes never download the same archive side by side.
  context.progress({ phase: `Study ${job.name}: loading the data`, done: 0, total: 1 }, true);
  await loadDataset(plan.experiment.data, {
    cacheDir: job.cacheDir,
    signal: context.signal,
    onProgress: (p) => context.progress({ phase: `Study ${job.name}: ${p.phase}`, done: p.done, total: p.total }),
  });
  const workers = Math.max(1, Math.min(job.workers ?? availableParallelism(), tasks.length));
  context.progress({ phase: `Study ${job.name}: starting ${workers} engine${workers === 1 ? '' : 's'}`, done: 0, total: 1 }, true);
  const clients = workers > 1 ? workerPool.acquire(workers - 1) : [];
  await Promise.all(clients.map((client) => client.ready()));
  const lanes = [localLane(), ...clients.map((client, i) => remoteLane(client, i + 1))];
  let outcomes: Awaited<ReturnType<typeof runTasks<StudyTaskValue>>>;
  try {
    outcomes = await runTasks(tasks, lanes, {
      signal: context.signal,
      onProgress: (progress) => {
        const elapsed = (performance.now() - started) / 1000;
        const f = progress.fraction;
        context.progress({
          phase: describeProgress(job.name, progress),
          done: Math.round(1000 * f),
          total: 1000,
          etaSeconds: f > 0.02 ? (elapsed * (1 - f)) / f : null,
        });
      },
    });
  } finally {
    if (clients.length) workerPool.release();
  }
  if (context.signal.aborted) throw new JobCancelled('Cancelled; the finished trainings and surfaces are kept: run the study again to continue.');

  const value = (id: string): StudyTaskValue => outcomes.get(id)!.value;
  // Checkpoints serve only PCA planes and evolutions; elsewhere the trained weights are the model itself, and at
  // full scale each checkpoint of the study's network is 19 MB.
  const withTrajectory = new Set([...plan.surfaces.filter((s) => s.direction === 'pca').map((s) => s.runId), ...plan.evolutions.map((e) => e.runId)]);
  const runs: RunData[] = plan.experiment.runs.map((spec) => {
    const v = value(`train:${spec.id}`);
    if (v.kind !== 'run') throw new Error(`Task train:${spec.id} did not produce a run.`);
    return withTrajectory.has(spec.id) ? v.run : { ...v.run, checkpointEpochs: [], checkpointSteps: [], checkpoints: [] };
  });
  const planes: SurfaceData[] = plan.surfaces.map((s) => {
    const v = value(surfaceTaskId(s));
    if (v.kind !== 'surface') throw new Error(`Task ${surfaceTaskId(s)} did not produce a surface.`);
    return v.surface;
  });
  const frames: SurfaceData[] = plan.evolutions.flatMap((e) => {
    const v = value(evolutionTaskId(e));
    if (v.kind !== 'frames') throw new Error(`Task ${evolutionTaskId(e)} did not produce an evolution.`);
    return v.surfaces;
  });
  const surfaces = [...planes, ...frames];
  const first = value(`train:${plan.experiment.runs[0].id}`);
  if (first.kind !== 'run') throw new Error('The first training produced no snapshot.');
  const seconds = { training: 0, surfaces: 0 };
  for (const task of tasks) seconds[task.kind === 'train' ? 'training' : 'surfaces'] += outcomes.get(task.id)!.seconds;

  context.progress({ phase: `Study ${job.name}: writing the snapshot and the report`, done: 999, total: 1000 }, true);
  const record: StudyRecord = {
    name: job.name,
    scale: job.scale,
    seeds: plan.seeds,
    workers,
    startedAt,
    seconds: { total: 0, training: seconds.training, surfaces: seconds.surfaces },
    machine: machineInfo(),
    backend: backendText,
  };
  const now = new Date().toISOString();
  const snapshot: Snapshot = {
    appVersion: APP_VERSION,
    header: {
      name: `${plan.definition.title} (${job.scale} scale)`,
      createdAt: startedAt,
      updatedAt: now,
      data: plan.experiment.data,
      dataIdentity: first.snapshot.header.dataIdentity,
      runIds: runs.map((r) => r.spec.id),
      surfaceIds: surfaces.map((s) => s.id),
      study: record,
    },
    runs,
    surfaces,
  };
  const snapshotPath = join(job.out, `${stem}.lab`);
  // The total includes writing the snapshot and the report, measured up to here and stated as such.
  record.seconds.total = (performance.now() - started) / 1000;
  await writeSnapshot(snapshotPath, snapshot);
  const report = await writeStudyReport({ snapshot, definition: plan.definition, outDir: job.out, stem });
  await rm(partsDir, { recursive: true, force: true });
  context.progress({ phase: 'Done', done: 1000, total: 1000 }, true);

  const claims = evaluateClaims(plan.definition.claims, new StudyMetrics(plan.definition, snapshot), job.scale);
  return {
    snapshot: snapshotPath,
    html: report.html,
    markdown: report.markdown,
    backend: backendText,
    workers,
    seconds: record.seconds,
    runs: runs.length,
    surfaces: surfaces.length,
    claims: claims.map((c) => ({ id: c.claim.id, statement: c.claim.statement, verdict: c.verdict, ours: c.ours })),
  };
}
