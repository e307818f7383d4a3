/**
 * The session with the host: what it told us (app info, activations,
 * presets), the current snapshot, the runs and jobs, the engine's health.
 * Host events update it; components read it and call its methods. Large data
 * (histories, grids) lives in plain objects, and `version` counters tell the
 * views when to redraw, so streaming epochs never deep-proxies big arrays.
 */
import { freshSurfaces, JobSurfaces } from '../lib/fresh-surfaces.ts';
import type { ActivationInfo, AppInfo, EventMap, ExportFormat, LabApi, PresetInfo, ReportInfo, RequestPayload, SnapshotView } from '../../src-main/contract/app.ts';
import type { StudyInfo, StudyName } from '../../src-main/contract/study.ts';
import type { ExperimentSpec } from '../../src-main/contract/experiment.ts';
import type { SurfaceRecipeInput } from '../../src-main/contract/surface.ts';
import type { ConnectionMonitor, ConnectionState } from '../lib/api/connection.ts';
import { JobTracker, type JobEntry, type JobKind } from '../lib/jobs.ts';
import { RunColors } from '../lib/run-colors.ts';
import { TrainingHistory, type RunTrack } from '../lib/training-history.ts';
import { Notices } from './notices.svelte.ts';

export interface LabHooks {
  /** A surface job finished and its snapshot holds these new surface ids. */
  onSurfacesReady?: (surfaceIds: string[]) => void;
  /** A surface finished while its job computes others. */
  onSurfaceAppeared?: (surfaceIds: string[]) => void;
  onMenuCommand?: (command: EventMap['menu-command']['command']) => void;
  /** A snapshot was opened (by the user or by the host). */
  onSnapshotOpened?: (view: SnapshotView) => void;
}

export class LabStore {
  readonly api: LabApi;
  readonly connectionMonitor: ConnectionMonitor;
  readonly notices = new Notices();
  readonly history = new TrainingHistory();
  readonly jobs = new JobTracker();
  readonly colors = new RunColors();
  hooks: LabHooks = {};

  appInfo = $state.raw<AppInfo | null>(null);
  activations = $state.raw<ActivationInfo[]>([]);
  presets = $state.raw<PresetInfo[]>([]);
  connection = $state.raw<ConnectionState>({ status: 'connecting', attempt: 0 });
  snapshot = $state.raw<SnapshotView | null>(null);
  /** Where the user last saved or opened the snapshot (null: only the working copy exists). */
  savedPath = $state<string | null>(null);
  /** The snapshot changed (training, surfaces) since it was last saved or opened. */
  dirty = $state(false);
  recent = $state.raw<string[]>([]);
  engineCrash = $state.raw<{ reason: string; at: number } | null>(null);
  /** Bumped on every change of the training history / job list. */
  historyVersion = $state(0);
  jobsVersion = $state(0);
  /** CIFAR-10 finished downloading in this session. */
  cifarReady = $state(false);
  /** Bumped when a study finishes: its report joins the list. */
  reportsVersion = $state(0);
  /** The last surface computation that was cancelled or failed, for Resume (null once resumed, replaced or another document is open). */
  interruptedSurfaces = $state.raw<RequestPayload<'compute-surfaces'> | null>(null);
  /** Each running surface job's request, by job id (not reactive: read once, when the job ends). */
  #surfaceRequests: Record<string, RequestPayload<'compute-surfaces'>> = {};

  constructor(api: LabApi, connection: ConnectionMonitor) {
    this.api = api;
    this.connectionMonitor = connection;
    this.connection = connection.state;
  }

  get runs(): RunTrack[] {
    void this.historyVersion;
    return this.history.runs;
  }

  /** Copies of the entries: the tracker updates them in place, and Svelte skips an {#each} item or a $derived whose value is the same object. */
  get jobList(): JobEntry[] {
    void this.jobsVersion;
    return this.jobs.list().map((job) => ({ ...job }));
  }

  get busy(): boolean {
    return this.jobList.length > 0;
  }

  isRunning(kind: JobKind): boolean {
    return this.jobList.some((j) => j.kind === kind);
  }

  colorOf(runId: string): string {
    return this.colors.colorOf(runId);
  }

  /** Subscribes to the host's events and loads what the setup panel needs. */
  async start(): Promise<void> {
    const { api } = this;
    this.connectionMonitor.subscribe((state) => {
      const wasOpen = this.connection.status === 'open';
      this.connection = state;
      if (state.status === 'open' && !wasOpen) void this.loadHostInfo();
    });
    api.on('job-progress', ({ jobId, progress }) => {
      this.jobs.progress(jobId, progress, performance.now());
      this.jobsVersion++;
      if (this.history.batchProgress(progress)) this.historyVersion++;
    });
    api.on('run-started', ({ jobId, runId, parameterCounts }) => {
      this.history.runStarted(jobId, runId, parameterCounts);
      this.colors.register([runId]);
      this.historyVersion++;
    });
    api.on('epoch-finished', ({ jobId, runId, record }) => {
      this.history.epochFinished(jobId, runId, record);
      this.historyVersion++;
    });
    api.on('job-finished', (event) => this.#jobFinished(event));
    api.on('engine-exit', ({ reason }) => this.#engineExit(reason));
    api.on('menu-command', ({ command }) => this.hooks.onMenuCommand?.(command));
    // A surface job's finished surfaces arrive one by one, viewable while the others compute.
    api.on('snapshot-updated', ({ jobId, snapshot }) => {
      if (!this.jobs.get(jobId)) return;
      const fresh = this.#freshSurfaces(snapshot);
      this.applySnapshot(snapshot, false);
      this.dirty = true;
      this.#jobSurfaces.add(jobId, fresh);
      if (fresh.length > 0) this.hooks.onSurfaceAppeared?.(fresh);
    });
    api.on('snapshot-opened', (view) => {
      this.applySnapshot(view, true);
      this.savedPath = view.path;
      this.dirty = false;
      this.hooks.onSnapshotOpened?.(view);
    });
    await this.loadHostInfo();
  }

  async loadHostInfo(): Promise<void> {
    try {
      const [info, activations, presets] = await Promise.all([
        this.api.request('get-app-info', {}),
        this.api.request('list-activations', {}),
        this.api.request('list-presets', {}),
      ]);
      this.appInfo = info;
      this.activations = activations;
      this.presets = presets;
    } catch (error) {
      this.notices.error('Could not reach the engine host', error);
    }
    void this.refreshRecent();
  }

  async refreshRecent(): Promise<void> {
    try {
      this.recent = await this.api.request('list-recent', {});
    } catch {
      // The recent list is a convenience; its absence needs no message.
    }
  }

  /** Shows a snapshot: `replace` starts a fresh run list (opening a file), else runs are merged (a job's update). */
  applySnapshot(view: SnapshotView, replace: boolean): void {
    if (replace) {
      this.colors.reset();
      this.interruptedSurfaces = null;
    }
    this.colors.register(view.header.runIds);
    this.history.applySnapshotRuns(view.runs, replace);
    this.snapshot = view;
    this.historyVersion++;
  }

  /** Forgets the current experiment (the working snapshot on the host stays as it is). */
  clearExperiment(): void {
    this.interruptedSurfaces = null;
    this.history.clear();
    this.colors.reset();
    this.snapshot = null;
    this.savedPath = null;
    this.dirty = false;
    this.historyVersion++;
  }

  async startTraining(spec: ExperimentSpec): Promise<boolean> {
    this.history.startExperiment(spec, null);
    this.colors.reset();
    this.colors.register(spec.runs.map((r) => r.id));
    this.snapshot = null;
    this.interruptedSurfaces = null;
    this.savedPath = null;
    this.historyVersion++;
    return this.#startJob('train', 'Could not start training', async () => {
      const { jobId } = await this.api.request('start-training', { experiment: spec });
      this.history.assignJob(jobId);
      return jobId;
    });
  }

  /**
   * @param options.evolution a surface per stored checkpoint on one plane (issue 14), directions normalised once or per checkpoint.
   * @param options.directionSeeds random planes per run (seeds recipe.seed … + K − 1), for error bars over the planes (issue 14).
   */
  computeSurfaces(
    recipe: SurfaceRecipeInput,
    runIds: string[],
    workers: number | null,
    options: { evolution?: { renormalise: boolean } | null; directionSeeds?: number } = {},
  ): Promise<boolean> {
    const { evolution, directionSeeds = 1 } = options;
    return this.#requestSurfaces({
      ...(this.snapshot ? { snapshot: this.snapshot.path } : {}),
      ...(runIds.length > 0 ? { runIds } : {}),
      recipe,
      ...(workers !== null ? { workers } : {}),
      ...(evolution ? { evolution } : {}),
      ...(directionSeeds > 1 ? { directionSeeds } : {}),
    });
  }

  /** Continues the last cancelled or failed surface computation: finished surfaces and journalled points are kept. */
  resumeSurfaces(): Promise<boolean> {
    const request = this.interruptedSurfaces;
    return request ? this.#requestSurfaces({ ...request, resume: true }) : Promise.resolve(false);
  }

  #requestSurfaces(request: RequestPayload<'compute-surfaces'>): Promise<boolean> {
    return this.#startJob('surface', 'Could not start the surface computation', async () => {
      const { jobId } = await this.api.request('compute-surfaces', request);
      this.interruptedSurfaces = null;
      this.#surfaceRequests[jobId] = request;
      this.jobs.started(jobId, 'surface', performance.now());
      this.jobs.setRunCount(jobId, request.runIds?.length || (this.snapshot?.header.runIds.length ?? 1));
      return jobId;
    });
  }

  downloadCifar(): Promise<boolean> {
    return this.#startJob('download', 'Could not start the CIFAR-10 download', async () => (await this.api.request('download-cifar10', {})).jobId);
  }

  async cancelJob(jobId: string): Promise<void> {
    this.jobs.cancelling(jobId);
    this.jobsVersion++;
    try {
      await this.api.request('cancel-job', { jobId });
    } catch (error) {
      this.notices.error('Could not cancel the job', error);
    }
  }

  async restartEngine(): Promise<void> {
    try {
      await this.api.request('restart-engine', {});
      this.engineCrash = null;
      this.notices.push('success', 'The engine restarted.');
    } catch (error) {
      this.notices.error('The engine did not restart', error);
    }
  }

  async openSnapshot(path?: string): Promise<boolean> {
    try {
      const view = await this.api.request('open-snapshot', path ? { path } : {});
      if (!view) return false;
      this.applySnapshot(view, true);
      this.savedPath = view.path;
      this.dirty = false;
      this.hooks.onSnapshotOpened?.(view);
      void this.refreshRecent();
      return true;
    } catch (error) {
      this.notices.error('Could not open the snapshot', error);
      return false;
    }
  }

  async saveSnapshot(path?: string): Promise<string | null> {
    try {
      const saved = await this.api.request('save-snapshot', path ? { path } : {});
      if (!saved) return null;
      this.savedPath = saved.path;
      this.dirty = false;
      this.notices.push('success', 'Snapshot saved', saved.path);
      void this.refreshRecent();
      return saved.path;
    } catch (error) {
      this.notices.error('Could not save the snapshot', error);
      return null;
    }
  }

  /** Runs an export; returns where it went (a path or a download URL), or null when cancelled or failed. */
  exportAs(format: ExportFormat, surfaceId: string | null, png?: Uint8Array<ArrayBuffer>): Promise<{ path: string | null; url: string | null } | null> {
    return this.#ask(`The ${format.toUpperCase()} export failed`, null, () => this.api.request('export', { format, ...(surfaceId ? { surfaceId } : {}), ...(png ? { png } : {}) }));
  }

  listReports(): Promise<ReportInfo[]> {
    return this.#ask('Could not list the study reports', [], () => this.api.request('list-reports', {}));
  }

  openReport(name: string): Promise<{ html: string; snapshot: string | null } | null> {
    return this.#ask('Could not open the report', null, () => this.api.request('open-report', { name }));
  }

  listStudies(): Promise<StudyInfo[]> {
    return this.#ask('Could not list the studies', [], () => this.api.request('list-studies', {}));
  }

  /** A request whose failure is a notice (`failure`, with the host's reason) and `fallback` as its answer. */
  async #ask<T>(failure: string, fallback: T, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      this.notices.error(failure, error);
      return fallback;
    }
  }

  /** Runs a study preset; its report lands in the reports list when it finishes. */
  startStudy(name: StudyName, scale: 'quick' | 'full'): Promise<boolean> {
    return this.#startJob('study', `Could not start the ${name} study`, async () => (await this.api.request('start-study', { name, scale })).jobId);
  }

  async #startJob(kind: JobKind, failure: string, start: () => Promise<string>): Promise<boolean> {
    try {
      const jobId = await start();
      if (this.jobs.started(jobId, kind, performance.now())) this.jobsVersion++;
      return true;
    } catch (error) {
      if (kind === 'train') this.history.clear();
      this.historyVersion++;
      this.notices.error(failure, error);
      return false;
    }
  }

  #jobFinished({ jobId, ok, cancelled, message, snapshot }: EventMap['job-finished']): void {
    const job = this.jobs.finished(jobId);
    const surfaceRequest = this.#surfaceRequests[jobId];
    delete this.#surfaceRequests[jobId];
    if (surfaceRequest && !ok) this.interruptedSurfaces = surfaceRequest;
    this.jobsVersion++;
    this.history.jobFinished(jobId, ok, cancelled, message);
    const freshNow = snapshot ? this.#freshSurfaces(snapshot) : [];
    if (snapshot) {
      this.applySnapshot(snapshot, false);
      this.dirty = true;
    }
    this.historyVersion++;
    const title = job?.title ?? 'The job';
    if (cancelled) this.notices.push('info', `${title} was cancelled.`);
    else if (!ok) this.notices.push('error', `${title} failed`, message ?? 'The engine gave no reason.');
    else if (job?.kind === 'download') {
      this.cifarReady = true;
      this.notices.push('success', 'CIFAR-10 is ready.');
    } else if (job?.kind === 'train') this.notices.push('success', 'Training finished.', message);
    else if (job?.kind === 'study') {
      this.reportsVersion++;
      this.notices.push('success', 'The study finished.', 'Its report is in the Studies list.');
    }
    if (ok && snapshot && job?.kind !== 'train') {
      // New surfaces, and surfaces recomputed under an existing id: those shown while the job ran too.
      const fresh = this.#jobSurfaces.finish(jobId, freshNow);
      if (fresh.length > 0) this.hooks.onSurfacesReady?.(fresh);
    }
  }

  /** Surfaces a job showed before it ended. */
  #jobSurfaces = new JobSurfaces();

  #freshSurfaces(view: SnapshotView): string[] {
    return freshSurfaces(this.snapshot?.surfaces ?? [], view.surfaces);
  }

  #engineExit(reason: string): void {
    this.engineCrash = { reason, at: Date.now() };
    for (const job of this.jobs.clear()) this.history.jobFinished(job.jobId, false, false, `The engine stopped: ${reason}`);
    this.jobsVersion++;
    this.historyVersion++;
  }
}
