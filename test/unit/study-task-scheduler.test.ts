import { describe, expect, it } from 'vitest';
import type { Lane } from '../../src-main/engine/study/task-lanes.ts';
import { runTasks, type Task } from '../../src-main/engine/study/task-scheduler.ts';

const lane = (name: string): Lane => ({ name, run: () => ({ result: Promise.reject(new Error('not used')), cancel: () => undefined }) });
const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

function task(id: string, log: string[], options: { dependsOn?: string[]; fail?: boolean; ms?: number } = {}): Task<string> {
  return {
    id,
    kind: id.startsWith('s') ? 'surface' : 'train',
    weight: 1,
    dependsOn: options.dependsOn ?? [],
    run: async (l, handle) => {
      log.push(`start ${id} on ${l.name}`);
      let cancelled = false;
      handle.onCancel(() => (cancelled = true));
      handle.progress(0.5);
      await tick(options.ms);
      if (cancelled) throw new Error(`${id} cancelled`);
      if (options.fail) throw new Error(`${id} failed`);
      log.push(`end ${id}`);
      return `${id} done`;
    },
  };
}

describe('the study’s task scheduler', () => {
  it('shares tasks between lanes and starts a task only after what it depends on', async () => {
    const log: string[] = [];
    const fractions: number[] = [];
    const results = await runTasks([task('t1', log, { ms: 20 }), task('t2', log), task('s1', log, { dependsOn: ['t1'] })], [lane('a'), lane('b')], {
      signal: new AbortController().signal,
      onProgress: (p) => fractions.push(p.fraction),
    });
    expect([...results.keys()].sort()).toEqual(['s1', 't1', 't2']);
    expect(results.get('s1')!.value).toBe('s1 done');
    expect(log.findIndex((l) => l.startsWith('start s1'))).toBeGreaterThan(log.indexOf('end t1'));
    expect(log.slice(0, 2).sort()).toEqual(['start t1 on a', 'start t2 on b']);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1] - 1e-12)).toBe(true);
  });

  it('stops handing out work after a failure, cancels what runs, and rejects with the first error', async () => {
    const log: string[] = [];
    const tasks = [task('t1', log, { fail: true }), task('t2', log, { ms: 50 }), task('t3', log), task('s1', log, { dependsOn: ['t1'] })];
    await expect(runTasks(tasks, [lane('a'), lane('b')], { signal: new AbortController().signal })).rejects.toThrow('t1 failed');
    expect(log).not.toContain('start t3 on a');
    expect(log.some((l) => l.startsWith('start s1'))).toBe(false);
    expect(log).not.toContain('end t2');
  });

  it('cancels running tasks and starts no more when the job is cancelled', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const running = runTasks([task('t1', log, { ms: 50 }), task('t2', log)], [lane('a')], { signal: controller.signal });
    await tick(10);
    controller.abort();
    await expect(running).rejects.toThrow('t1 cancelled');
    expect(log).toEqual(['start t1 on a']);
  });
});
