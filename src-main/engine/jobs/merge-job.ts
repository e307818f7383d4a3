/**
 * `merge`: joins shard snapshots (each holding part of the same surfaces) into
 * one snapshot. Refuses inputs whose runs or recipes differ: points of
 * different surfaces must never be mixed.
 */
import type { MergeJob, Snapshot, SurfaceData } from '../../contract.ts';
import { createHash } from 'node:crypto';
import { readSnapshot, writeSnapshot } from '../snapshot/snapshot-file.ts';
import { loadSnapshotDataset, PointEvaluator } from '../surfaces/point-evaluator.ts';
import type { JobContext } from './job-context.ts';
import { runMetricsPhase } from './metrics-phase.ts';

export interface MergeResult {
  snapshot: string;
  surfaces: Array<{ id: string; completedPoints: number; totalPoints: number; fromInputs: number }>;
}

const digestOf = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function checkSameRuns(base: Snapshot, other: Snapshot, name: string): void {
  const describe = (s: Snapshot): string => s.runs.map((r) => `${r.spec.id}:${digestOf(r.model.weightData)}`).sort().join(',');
  if (describe(base) !== describe(other)) throw new Error(`${name} holds different trained models than the first input; shards must come from the same snapshot.`);
}

function mergeInto(target: SurfaceData, part: SurfaceData, name: string): void {
  if (JSON.stringify(target.recipe) !== JSON.stringify(part.recipe)) {
    throw new Error(`${name}: surface ${part.id} was computed with a different recipe; refusing to merge.`);
  }
  for (let i = 0; i < part.done.length; i++) {
    if (!part.done[i] || target.done[i]) continue;
    for (const array of target.arrays) {
      const from = part.values[array];
      const to = target.values[array];
      if (from && to) to[i] = from[i];
    }
    target.done[i] = 1;
    target.completedPoints += 1;
  }
  target.timing = { ...target.timing, seconds: target.timing.seconds + part.timing.seconds, workers: target.timing.workers + part.timing.workers };
}

export async function runMergeJob(job: MergeJob, context: JobContext): Promise<MergeResult> {
  const base = await readSnapshot(job.inputs[0]);
  const counts = new Map(base.surfaces.map((s) => [s.id, 1]));
  for (const [i, path] of job.inputs.slice(1).entries()) {
    context.progress({ phase: 'Merging', done: i + 1, total: job.inputs.length }, true);
    const other = await readSnapshot(path);
    checkSameRuns(base, other, path);
    for (const part of other.surfaces) {
      const target = base.surfaces.find((s) => s.id === part.id);
      if (!target) base.surfaces.push(part);
      else mergeInto(target, part, path);
      counts.set(part.id, (counts.get(part.id) ?? 0) + 1);
    }
  }
  const complete = base.surfaces.filter((s) => s.completedPoints === s.done.length && s.metrics === null);
  if (complete.length) {
    const dataset = await loadSnapshotDataset(base, { signal: context.signal });
    for (const surface of complete) {
      const run = base.runs.find((r) => r.spec.id === surface.runId)!;
      const evaluator = await PointEvaluator.create(base, run, surface.recipe, dataset);
      try {
        const hessian = { iterations: 20, samples: 10, examples: 512 };
        if (await runMetricsPhase(surface, evaluator, { recipe: surface.recipe, hessian }, context, { runId: surface.runId, done: 0, total: 1 })) context.throwIfCancelled();
      } finally {
        evaluator.dispose();
      }
    }
  }
  await writeSnapshot(job.out, base);
  return {
    snapshot: job.out,
    surfaces: base.surfaces.map((s) => ({ id: s.id, completedPoints: s.completedPoints, totalPoints: s.done.length, fromInputs: counts.get(s.id) ?? 0 })),
  };
}
