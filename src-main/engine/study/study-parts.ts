/**
 * What every study task shares: where its part snapshot lives beside the
 * output, how a part is read back (a missing or unreadable one is "not done"),
 * and how a job runs on a lane with its progress fed to the task.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineJobInput, RunData, Snapshot, SurfaceData } from '../../contract.ts';
import type { JobEvent } from '../../engine-client/engine-client.ts';
import { readSnapshot } from '../snapshot/snapshot-file.ts';
import type { Lane } from './task-lanes.ts';
import type { TaskHandle } from './task-scheduler.ts';

export type StudyTaskValue =
  | { kind: 'run'; snapshot: Snapshot; run: RunData }
  | { kind: 'surface'; surface: SurfaceData }
  /** A landscape evolution: a frame per stored checkpoint, in epoch order. */
  | { kind: 'frames'; surfaces: SurfaceData[] };

export interface StudyTaskOptions {
  partsDir: string;
  cacheDir?: string;
  /** Training events (`run-started`, `epoch`) for the job's own listeners. */
  forward: (event: JobEvent) => void;
}

export const trainPart = (partsDir: string, runId: string): string => join(partsDir, `run-${runId}.lab`);

/** Runs a job on a lane, feeding its progress to the task handle. */
export async function runOnLane<R>(lane: Lane, handle: TaskHandle, job: EngineJobInput, forward?: (event: JobEvent) => void): Promise<R> {
  const running = lane.run<R>(job, (event) => {
    if (event.type === 'progress' && event.progress.total > 0) handle.progress(event.progress.done / event.progress.total);
    else if (event.type !== 'progress') forward?.(event);
  });
  handle.onCancel(running.cancel);
  return running.result;
}

export async function readPart(path: string): Promise<Snapshot | null> {
  if (!existsSync(path)) return null;
  return readSnapshot(path).catch(() => null);
}
