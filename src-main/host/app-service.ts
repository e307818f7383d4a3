/**
 * The one implementation of the app contract, shared by both hosts (Electron
 * main over IPC, the web host over WebSocket). It validates every request
 * against its schema, turns requests into engine jobs and file operations,
 * and turns engine events into contract events. Nothing here knows Electron:
 * where files go is the host's `HostFiles`.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type {
  AppInfo,
  EngineJobInput,
  RequestName,
  RequestPayload,
  ResponseMap,
  SnapshotView,
} from '../contract.ts';
import { APP_VERSION } from '../app-version.ts';
import { listPresets } from '../engine/network/presets.ts';
import { appDataDir, dataCacheDir } from '../user-folders.ts';
import type { BackendReportMessage, EngineClient } from '../engine-client/engine-client.ts';
import type { AppEvent, AppEventListener, AppRequestHandler } from './app-events.ts';
import { exportFile } from './export-file.ts';
import { safeFileName, type HostFiles } from './host-files.ts';
import { JobTracker } from './job-tracker.ts';
import { RecentFiles } from './recent-files.ts';
import { bundledReportsDir, listReportsIn, openReportIn } from './reports.ts';
import { listStudies } from './studies.ts';
import { parseRequest, RequestError, type ParsedRequest } from './request-validation.ts';
import { SnapshotDocument } from './snapshot-document.ts';
import { TrainingEstimator } from './training-estimate.ts';
import { estimateSurfaces } from './surface-estimate.ts';

export type { AppEvent, AppEventListener, AppRequestHandler };

export type AppEngine = Pick<EngineClient, 'ready' | 'run' | 'onExit' | 'dispose' | 'backendReport'>;

export interface AppServiceOptions {
  engine: AppEngine;
  host: 'electron' | 'web';
  files: HostFiles;
  /** Working snapshot, recent list (default: the user's app data folder). */
  dataDir?: string;
  /** Downloaded data sets (default: the user's cache folder). */
  cacheDir?: string;
  /** Study reports (default: `reports` in the data folder); studies started in the app write here. */
  reportsDir?: string;
  /** Read-only reports shipped with the app (default: the repository's `assets/reports`; null: none). */
  bundledReportsDir?: string | null;
}

type Handlers = { [N in RequestName]: (args: ParsedRequest<N>) => Promise<ResponseMap[N]> };

export function describeBackend(report: BackendReportMessage): { chosen: string; description: string } {
  const skipped = report.attempts.filter((a) => !a.ok).map((a) => `${a.backend}: ${a.reason}`);
  const threads = `${report.threads} thread${report.threads === 1 ? '' : 's'}`;
  return { chosen: report.chosen, description: `${report.chosen}, ${threads}${skipped.length ? ` (skipped ${skipped.join('; ')})` : ''}` };
}

export class AppService implements AppRequestHandler {
  readonly document: SnapshotDocument;
  private readonly engine: AppEngine;
  private readonly files: HostFiles;
  private readonly host: 'electron' | 'web';
  private readonly cacheDir: string;
  private readonly reportsDir: string;
  private readonly reportFolders: string[];
  private readonly recent: RecentFiles;
  private readonly estimator: TrainingEstimator;
  private readonly jobs: JobTracker;
  private readonly listeners = new Set<AppEventListener>();
  private readonly documentListeners = new Set<() => void>();
  private lastView: SnapshotView | null = null;

  private constructor(options: AppServiceOptions) {
    const dataDir = options.dataDir ?? appDataDir();
    this.engine = options.engine;
    this.files = options.files;
    this.host = options.host;
    this.cacheDir = options.cacheDir ?? dataCacheDir();
    this.reportsDir = options.reportsDir ?? join(dataDir, 'reports');
    const bundled = options.bundledReportsDir === undefined ? bundledReportsDir() : options.bundledReportsDir;
    // The user's own reports come first: a name in both folders opens the user's.
    this.reportFolders = bundled ? [this.reportsDir, bundled] : [this.reportsDir];
    this.document = new SnapshotDocument(join(dataDir, 'working'), `${options.host}.lab`);
    this.recent = new RecentFiles(join(dataDir, 'recent.json'));
    this.estimator = new TrainingEstimator(this.engine, this.cacheDir);
    this.jobs = new JobTracker(this.engine, {
      emit: (event) => this.emit(event),
      workingChanged: async (readBack) => {
        await this.document.markChanged();
        this.documentChanged();
        return readBack ? this.inspect(this.document.workingPath) : null;
      },
      workingVersion: () => this.document.workingVersion(),
    });
    this.engine.onExit((exit) => {
      this.estimator.clear();
      this.emit({ name: 'engine-exit', payload: { reason: exit.reason, jobIds: exit.jobIds } });
    });
  }

  /** A service whose document is restored from the last session. */
  static async create(options: AppServiceOptions): Promise<AppService> {
    const service = new AppService(options);
    await service.document.restore();
    return service;
  }

  async handle(name: string, payload: unknown): Promise<unknown> {
    const args = parseRequest(name, payload);
    const handler = this.handlers[name as RequestName] as (args: unknown) => Promise<unknown>;
    return handler(args);
  }

  /** Typed form of `handle`, for hosts and tests. */
  request<N extends RequestName>(name: N, payload: RequestPayload<N>): Promise<ResponseMap[N]> {
    return this.handle(name, payload) as Promise<ResponseMap[N]>;
  }

  onEvent(listener: AppEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called whenever the document's path or saved state may have changed (window titles). */
  onDocumentChange(listener: () => void): () => void {
    this.documentListeners.add(listener);
    return () => this.documentListeners.delete(listener);
  }

  /** Opens a snapshot the host was handed (command line, drag-and-drop, menu) and tells the renderer. */
  async openFromHost(path: string): Promise<SnapshotView> {
    const view = await this.open(this.files.resolvePath(path));
    this.emit({ name: 'snapshot-opened', payload: view });
    return view;
  }

  /** Save as…: always asks where (the menu's entry; the contract's `save-snapshot` saves in place when it can). */
  async saveAs(): Promise<{ path: string } | null> {
    const target = await this.files.chooseSnapshotTarget(this.documentName());
    return target ? this.saveTo(target) : null;
  }

  /** Stops the engine and forgets listeners. */
  dispose(): void {
    this.listeners.clear();
    this.engine.dispose();
  }

  private readonly handlers: Handlers = {
    'get-app-info': async (): Promise<AppInfo> => ({
      appVersion: APP_VERSION,
      host: this.host,
      backend: await this.engine.ready().then(describeBackend, () => null),
      workingSnapshot: this.document.hasWorking() ? this.document.workingPath : null,
      cores: availableParallelism(),
    }),
    'list-activations': async () => {
      // Loaded on first use: the registry brings TensorFlow.js, which a host needs for nothing else.
      const { listActivations } = await import('../engine/activations/index.ts');
      return listActivations().map((a) => ({
        name: a.name,
        label: a.label,
        formula: a.formula,
        parameters: a.params.map((p) => ({ name: p.name, init: p.init })),
        twin: a.fixedTwin,
      }));
    },
    'list-presets': async () => listPresets().map((p) => ({ name: p.name, description: p.description })),
    'estimate-training': async ({ experiment }) => {
      if (this.jobs.busyWithWorking()) throw new RequestError('The estimate times real training steps; ask again when the running job has finished.');
      const backend = this.engine.backendReport() ?? (await this.engine.ready());
      return this.estimator.estimate(experiment, backend.chosen);
    },
    'start-training': async ({ experiment }) =>
      this.jobs.start('train', 'start training', async () => {
        await mkdir(dirname(this.document.workingPath), { recursive: true });
        // A new experiment replaces the working snapshot: it must never be saved over the file of the previous one.
        await this.document.startNew();
        this.documentChanged();
        return { kind: 'train', experiment, out: this.document.workingPath, cacheDir: this.cacheDir };
      }),
    'compute-surfaces': async ({ snapshot, runIds, recipe, workers, evolution, directionSeeds, resume }) =>
      this.jobs.start('surface', 'compute surfaces', async (): Promise<EngineJobInput> => {
        const source = snapshot ? this.files.resolvePath(snapshot) : this.document.workingPath;
        // Another file becomes the document first, so the surfaces are saved back into it, never into the previous one.
        if (source !== this.document.workingPath) await this.openUnchecked(source);
        if (!this.document.hasWorking()) throw new RequestError('There is no snapshot to compute surfaces for: train a model or open a snapshot first.');
        return { kind: 'surface', snapshot: this.document.workingPath, out: this.document.workingPath, recipe, runIds, workers, evolution, directionSeeds, resume, cacheDir: this.cacheDir };
      }),
    'estimate-surfaces': async ({ runIds, recipe, workers }) => {
      if (this.jobs.busyWithWorking() || !this.document.hasWorking()) throw new RequestError('The estimate times a real point of the working snapshot; ask again when it exists and no job is running.');
      return estimateSurfaces(this.engine, { snapshot: this.document.workingPath, runIds, recipe, workers, cacheDir: this.cacheDir });
    },
    'cancel-job': async ({ jobId }) => {
      this.jobs.cancel(jobId);
      return { ok: true };
    },
    'open-snapshot': async ({ path }) => {
      const chosen = path ? this.files.resolvePath(path) : await this.files.chooseSnapshotToOpen();
      return chosen ? this.open(chosen) : null;
    },
    'save-snapshot': async ({ path }) => {
      // Saving in place goes through the host's check too: the web host confines every path it writes.
      const inPlace = path ?? this.document.path;
      const target = inPlace ? this.files.resolvePath(inPlace) : await this.files.chooseSnapshotTarget(this.documentName());
      return target ? this.saveTo(target) : null;
    },
    'list-recent': async () => this.recent.list(),
    export: async (args) =>
      exportFile(args, {
        engine: this.engine,
        files: this.files,
        workingSnapshot: this.document.hasWorking() ? this.document.workingPath : null,
        documentName: this.documentName(),
      }),
    'download-cifar10': async () => this.jobs.start('download', 'download CIFAR-10', () => ({ kind: 'download-cifar10', cacheDir: this.cacheDir })),
    'restart-engine': async () => {
      this.engine.dispose();
      this.estimator.clear();
      await this.engine.ready();
      return { ok: true };
    },
    'list-reports': async () => listReportsIn(this.reportFolders),
    'open-report': async ({ name }) => openReportIn(this.reportFolders, name),
    'list-studies': async () => listStudies(),
    'start-study': async ({ name, scale }) =>
      this.jobs.start('study', 'run a study', async () => {
        await mkdir(this.reportsDir, { recursive: true });
        // One name per study and scale: starting it again after a cancel continues where it stopped
        // (its finished parts are kept), and a finished run replaces the previous report.
        return { kind: 'study', name, scale, out: this.reportsDir, reportName: `${name}-${scale}`, cacheDir: this.cacheDir };
      }),
  };

  private async open(path: string): Promise<SnapshotView> {
    // The working snapshot itself (`get-app-info`'s `workingSnapshot`): the last session's document, read as it is.
    if (path === this.document.workingPath) return this.present(await this.inspect(path));
    this.assertNoWorkingJob('open a snapshot');
    return this.openUnchecked(path);
  }

  private async openUnchecked(path: string): Promise<SnapshotView> {
    if (!existsSync(path)) {
      await this.recent.remove(path);
      throw new RequestError(`There is no snapshot at ${path}.`);
    }
    // The engine reads and verifies every checksum before the file becomes the document.
    const view = await this.inspect(path);
    await this.document.openFrom(path);
    await this.recent.add(path);
    this.documentChanged();
    return this.present(view);
  }

  private async saveTo(requested: string): Promise<{ path: string }> {
    const target = requested.toLowerCase().endsWith('.lab') ? requested : `${requested}.lab`;
    await this.document.saveTo(target);
    await this.recent.add(target);
    this.documentChanged();
    if (this.lastView) this.lastView.path = target;
    return { path: target };
  }

  private async inspect(path: string): Promise<SnapshotView> {
    return this.engine.run<SnapshotView>({ kind: 'inspect', snapshot: path }).result;
  }

  /** A view as the renderer sees it: `path` is the document's file, or the working file while unsaved. */
  private present(view: SnapshotView): SnapshotView {
    this.lastView = { ...view, path: this.document.path ?? this.document.workingPath };
    return this.lastView;
  }

  private documentName(): string {
    if (this.document.path) return safeFileName(basename(this.document.path).replace(/\.lab$/i, ''));
    return safeFileName(this.lastView?.header.name ?? 'experiment');
  }

  private assertNoWorkingJob(action: string): void {
    if (this.jobs.busyWithWorking()) throw new RequestError(`Cannot ${action} while training or a surface is running: wait for it or cancel it.`);
  }

  private emit(event: AppEvent): void {
    if (event.name === 'job-finished' && event.payload.snapshot) event.payload.snapshot = this.present(event.payload.snapshot);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('An event listener failed:', error);
      }
    }
  }

  private documentChanged(): void {
    for (const listener of this.documentListeners) listener();
  }
}
