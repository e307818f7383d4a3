/**
 * The app contract: what the renderer may ask a host (Electron main through
 * the preload bridge, or the web host over WebSocket) and the events a host
 * pushes. One map per direction: request name → [payload schema, response
 * type]; event name → payload type. Channel names are kebab-case.
 */
import { z } from 'zod';
import { ExperimentSpecSchema, type EpochRecord, type ExperimentSpec, type ParameterCounts } from './experiment.ts';
import { JobIdSchema, type JobProgress } from './engine.ts';
import { SurfaceRecipeSchema, type SurfaceHeader, type SurfaceArrayName } from './surface.ts';
import type { RunRecord, SnapshotHeader } from './snapshot.ts';
import { StudyNameSchema, type StudyInfo } from './study.ts';

const FilePath = z.string().min(1).max(4096);

/** `reference`: a zip of the reference export (a folder per surface: ONNX + PyTorch model, data, directions, surface);
 * `evolution`: a zip of the evolution export of the surface's evolution (an h5 per frame, metrics.csv, evolution.gif). */
export const ExportFormatSchema = z.enum(['h5', 'csv', 'vtp', 'npy', 'png', 'reference', 'evolution']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/** Request payload schemas, validated by every host before use. */
export const RequestSchemas = {
  'get-app-info': z.object({}),
  'list-activations': z.object({}),
  'list-presets': z.object({}),
  /** Times a few training steps and extrapolates. */
  'estimate-training': z.object({ experiment: ExperimentSpecSchema }),
  'start-training': z.object({ experiment: ExperimentSpecSchema }),
  'compute-surfaces': z.object({
    /** Snapshot to read; defaults to the current working snapshot. */
    snapshot: FilePath.optional(),
    runIds: z.array(z.string()).optional(),
    recipe: SurfaceRecipeSchema,
    workers: z.number().int().min(1).max(64).optional(),
    /** A landscape evolution: a surface per stored checkpoint on one random plane (`renormalise`: directions normalised per checkpoint). */
    evolution: z.object({ renormalise: z.boolean().default(false) }).optional(),
    /** Error bars: K random planes per run (seeds recipe.seed … + K − 1), each an ordinary surface; random directions only. */
    directionSeeds: z.number().int().min(1).max(100).optional(),
    /** Continue an interrupted computation of the same request: finished surfaces and journalled points are kept. */
    resume: z.boolean().optional(),
  }),
  /** Times a few points of each run's surface on the working snapshot: setup (warm-up) once + the grid's points × the per-point cost. */
  'estimate-surfaces': z.object({
    runIds: z.array(z.string().min(1).max(200)).min(1).max(64),
    recipe: SurfaceRecipeSchema,
    workers: z.number().int().min(1).max(64).optional(),
  }),
  'cancel-job': z.object({ jobId: JobIdSchema }),
  /** Electron: shows an Open dialog when `path` is absent. Web host: `path` on the server, or `name` from the recent list. */
  'open-snapshot': z.object({ path: FilePath.optional() }),
  /** Electron: Save dialog when `path` is absent. Web host: saves under its snapshot folder. */
  'save-snapshot': z.object({ path: FilePath.optional() }),
  'list-recent': z.object({}),
  /** Exports a surface (or the whole snapshot for `h5`/`npy`); returns where it went or a download URL. */
  export: z.object({
    format: ExportFormatSchema,
    surfaceId: z.string().optional(),
    /** PNG: the image bytes of the 3D view, made by the renderer. */
    png: z.instanceof(Uint8Array).optional(),
    path: FilePath.optional(),
  }),
  'download-cifar10': z.object({}),
  'restart-engine': z.object({}),
  'list-reports': z.object({}),
  'open-report': z.object({ name: z.string().min(1).max(200) }),
  /** The study presets the app can run. */
  'list-studies': z.object({}),
  /** Runs a study preset; its report lands in the reports list. `full` is a GPU job (CIFAR-10, the study's network). */
  'start-study': z.object({ name: StudyNameSchema, scale: z.enum(['quick', 'full']).default('quick') }),
} as const;

export type RequestName = keyof typeof RequestSchemas;
export type RequestPayload<N extends RequestName> = z.input<(typeof RequestSchemas)[N]>;

export interface ActivationInfo {
  name: string;
  label: string;
  formula: string;
  parameters: Array<{ name: string; init: number }>;
  twin: string | null;
}

export interface PresetInfo {
  name: string;
  description: string;
}

export interface AppInfo {
  appVersion: string;
  host: 'electron' | 'web';
  backend: { chosen: string; description: string } | null;
  /** Where the working snapshot lives; saved copies go wherever the user says. */
  workingSnapshot: string | null;
  cores: number;
}

/** A surface as the renderer sees it: header plus grids (Z[y][x], index y·nx + x). */
export interface SurfaceView extends SurfaceHeader {
  values: Partial<Record<SurfaceArrayName, Float32Array>>;
  done: Uint8Array;
}

/** A snapshot without model weights: what views need. */
export interface SnapshotView {
  path: string;
  header: SnapshotHeader;
  runs: RunRecord[];
  surfaces: SurfaceView[];
}

export interface JobStarted {
  jobId: string;
}

export interface ExportDone {
  /** Where the file was written (Electron), or a URL to download it (web host). */
  path: string | null;
  url: string | null;
}

export interface ReportInfo {
  name: string;
  title: string;
  createdAt: string;
}

/** Responses, by request name. */
export interface ResponseMap {
  'get-app-info': AppInfo;
  'list-activations': ActivationInfo[];
  'list-presets': PresetInfo[];
  'estimate-training': { seconds: number; secondsPerEpoch: number; detail: string };
  'start-training': JobStarted;
  'compute-surfaces': JobStarted;
  'estimate-surfaces': {
    seconds: number;
    /** Per run: seconds = setupSeconds (plane, evaluator, first point's warm-up) + points × secondsPerPoint (÷ processes). */
    perRun: Array<{ runId: string; seconds: number; setupSeconds: number; secondsPerPoint: number; points: number }>;
    detail: string;
  };
  'cancel-job': { ok: true };
  'open-snapshot': SnapshotView | null;
  'save-snapshot': { path: string } | null;
  'list-recent': string[];
  export: ExportDone | null;
  'download-cifar10': JobStarted;
  'restart-engine': { ok: true };
  'list-reports': ReportInfo[];
  /** The report's standalone HTML. */
  'open-report': { html: string; snapshot: string | null };
  'list-studies': StudyInfo[];
  'start-study': JobStarted;
}

/** Events a host pushes to the renderer, by channel name. */
export interface EventMap {
  'job-progress': { jobId: string; progress: JobProgress };
  'run-started': { jobId: string; runId: string; parameterCounts: ParameterCounts };
  'epoch-finished': { jobId: string; runId: string; record: EpochRecord };
  /** A job ended: `snapshot` is the updated working snapshot when it produced one. */
  'job-finished': { jobId: string; ok: boolean; cancelled: boolean; message: string | null; snapshot: SnapshotView | null };
  'engine-exit': { reason: string; jobIds: string[] };
  /** A menu item or shortcut handled by the host (Electron) for the renderer to act on. */
  'menu-command': { command: MenuCommand };
  /** A snapshot was opened by the host itself (command line, drag-and-drop onto the dock/window). */
  'snapshot-opened': SnapshotView;
  /** A running job wrote the working snapshot (a surface job after each run's surface): its fresh view. */
  'snapshot-updated': { jobId: string; snapshot: SnapshotView };
}

export type EventName = keyof EventMap;

export const MENU_COMMANDS = ['new-experiment', 'open-snapshot', 'save', 'save-as', 'export-png', 'export-h5', 'export-csv', 'export-vtp', 'export-reference', 'toggle-theme', 'reset-camera', 'studies'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/**
 * The one interface components use; the preload bridge and the WebSocket
 * client both implement it, and components never know which.
 */
export interface LabApi {
  request<N extends RequestName>(name: N, payload: RequestPayload<N>): Promise<ResponseMap[N]>;
  on<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void;
  readonly host: 'electron' | 'web';
}

export type { ExperimentSpec };

// ───────────────────────────── preload bridge naming ─────────────────────────────

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/**
 * What the preload exposes on `window.labBridge`: one named, typed function
 * per request (`getAppInfo`, `startTraining`, …) and one subscriber per event
 * (`onJobProgress`, …, each returning an unsubscribe function). Never raw IPC.
 */
export type LabBridge = {
  [N in RequestName as CamelCase<N>]: (payload: RequestPayload<N>) => Promise<ResponseMap[N]>;
} & {
  [E in EventName as `on${Capitalize<CamelCase<E>>}`]: (listener: (payload: EventMap[E]) => void) => () => void;
};

const camel = (name: string): string => name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** `start-training` → `startTraining` */
export function bridgeMethodName(request: RequestName): string {
  return camel(request);
}

/** `job-progress` → `onJobProgress` */
export function bridgeEventName(event: EventName): string {
  const name = camel(event);
  return `on${name[0].toUpperCase()}${name.slice(1)}`;
}

export const EVENT_NAMES: readonly EventName[] = [
  'job-progress',
  'run-started',
  'epoch-finished',
  'job-finished',
  'engine-exit',
  'menu-command',
  'snapshot-opened',
  'snapshot-updated',
];

export const REQUEST_NAMES = Object.keys(RequestSchemas) as RequestName[];
