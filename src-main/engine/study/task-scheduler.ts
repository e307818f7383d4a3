/**
 * Shares a list of tasks between lanes: each lane takes the first task whose
 * dependencies are done (a surface waits for its run's training), so lanes
 * never idle while work is ready. The first failure stops the hand-out and
 * cancels what is running; so does the job's cancellation.
 */
import type { Lane } from './task-lanes.ts';

export interface TaskHandle {
  /** Called with the task's own progress, 0 … 1. */
  progress(fraction: number): void;
  /** Registers how to stop the task's job. */
  onCancel(cancel: () => void): void;
}

export interface Task<T> {
  id: string;
  kind: 'train' | 'surface';
  /** Relative cost, for overall progress. */
  weight: number;
  dependsOn: string[];
  run(lane: Lane, handle: TaskHandle): Promise<T>;
}

export interface SchedulerProgress {
  /** Weighted fraction of all the work done, 0 … 1. */
  fraction: number;
  finished: Record<Task<unknown>['kind'], number>;
  totals: Record<Task<unknown>['kind'], number>;
}

export interface TaskOutcome<T> {
  value: T;
  lane: string;
  seconds: number;
}

export async function runTasks<T>(
  tasks: readonly Task<T>[],
  lanes: readonly Lane[],
  options: { signal: AbortSignal; onProgress?: (progress: SchedulerProgress) => void },
): Promise<Map<string, TaskOutcome<T>>> {
  const pending = [...tasks];
  const results = new Map<string, TaskOutcome<T>>();
  const fractions = new Map<string, number>();
  const cancels = new Map<string, () => void>();
  const totalWeight = tasks.reduce((sum, t) => sum + t.weight, 0) || 1;
  const totals = { train: 0, surface: 0 };
  for (const task of tasks) totals[task.kind] += 1;
  const finished = { train: 0, surface: 0 };
  let failure: unknown = null;
  let wake: () => void = () => undefined;
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const notify = (): void => {
    const resolve = wake;
    changed = new Promise<void>((r) => (wake = r));
    resolve();
  };
  const report = (): void => {
    let done = 0;
    for (const task of tasks) done += task.weight * (results.has(task.id) ? 1 : (fractions.get(task.id) ?? 0));
    options.onProgress?.({ fraction: done / totalWeight, finished: { ...finished }, totals });
  };
  const stopAll = (): void => {
    for (const cancel of cancels.values()) cancel();
    notify();
  };
  options.signal.addEventListener('abort', stopAll, { once: true });

  const laneLoop = async (lane: Lane): Promise<void> => {
    for (;;) {
      if (failure !== null || options.signal.aborted) return;
      const index = pending.findIndex((t) => t.dependsOn.every((id) => results.has(id)));
      if (index < 0) {
        if (pending.length === 0) return;
        await changed;
        continue;
      }
      const [task] = pending.splice(index, 1);
      const started = performance.now();
      try {
        const value = await task.run(lane, {
          progress: (fraction) => {
            fractions.set(task.id, Math.min(1, Math.max(0, fraction)));
            report();
          },
          onCancel: (cancel) => cancels.set(task.id, cancel),
        });
        results.set(task.id, { value, lane: lane.name, seconds: (performance.now() - started) / 1000 });
        finished[task.kind] += 1;
        report();
      } catch (error) {
        if (failure === null) {
          failure = error;
          stopAll();
        }
      } finally {
        cancels.delete(task.id);
        notify();
      }
    }
  };

  try {
    report();
    await Promise.all(lanes.map(laneLoop));
  } finally {
    options.signal.removeEventListener('abort', stopAll);
  }
  if (failure !== null) throw failure;
  return results;
}
