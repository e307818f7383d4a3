/**
 * A study's landscape evolutions as scheduler tasks: per model, one `surface
 * --evolution` job on its training part, which computes a frame per stored
 * checkpoint on one random plane (the model's first, direction seed 0,
 * normalised at the final weights). The frames' metrics are the study's
 * (study-surface-metrics.ts); λmax and the trace are not computed for them.
 * A part that already holds every frame is read instead of recomputed.
 */
import { join } from 'node:path';
import type { SurfaceData } from '../../contract.ts';
import { readSnapshot } from '../snapshot/snapshot-file.ts';
import type { PlannedEvolution, StudyPlan } from './expand-study.ts';
import { readPart, runOnLane, trainPart, type StudyTaskOptions, type StudyTaskValue } from './study-parts.ts';
import { withStudyMetrics } from './study-surface-metrics.ts';
import type { Task } from './task-scheduler.ts';

export const evolutionTaskId = (evolution: Pick<PlannedEvolution, 'runId'>): string => `evolution:${evolution.runId}`;

const evolutionPart = (partsDir: string, runId: string): string => join(partsDir, `evolution-${runId}.lab`);

/** The run's evolution frames in a snapshot, in epoch order; complete ones only. */
function framesOf(surfaces: readonly SurfaceData[], runId: string): SurfaceData[] {
  return surfaces
    .filter((s) => s.runId === runId && s.recipe.checkpoint && s.metrics && s.completedPoints === s.done.length)
    .sort((a, b) => a.recipe.checkpoint!.epoch - b.recipe.checkpoint!.epoch);
}

export function evolutionTasks(plan: StudyPlan, options: StudyTaskOptions): Task<StudyTaskValue>[] {
  return plan.evolutions.map((planned) => {
    const part = evolutionPart(options.partsDir, planned.runId);
    const points = planned.recipe.x.num * (planned.recipe.y?.num ?? 1);
    return {
      id: evolutionTaskId(planned),
      kind: 'surface',
      weight: (planned.frames * points * planned.recipe.evaluation.count) / (3 * plan.scale.batchSize),
      dependsOn: [`train:${planned.runId}`],
      run: async (lane, handle) => {
        const source = trainPart(options.partsDir, planned.runId);
        const run = (await readSnapshot(source)).runs[0];
        const kept = framesOf((await readPart(part))?.surfaces ?? [], planned.runId);
        if (kept.length === run.checkpointEpochs.length) return { kind: 'frames', surfaces: kept.map((frame) => withStudyMetrics(frame, run)) };
        await runOnLane(lane, handle, {
          kind: 'surface',
          snapshot: source,
          out: part,
          runIds: [planned.runId],
          recipe: planned.recipe,
          workers: 1,
          hessian: false,
          evolution: { renormalise: false },
          cacheDir: options.cacheDir,
        });
        const frames = framesOf((await readSnapshot(part)).surfaces, planned.runId);
        if (frames.length !== run.checkpointEpochs.length) throw new Error(`The evolution of ${planned.runId} has ${frames.length} frames for ${run.checkpointEpochs.length} checkpoints.`);
        return { kind: 'frames', surfaces: frames.map((frame) => withStudyMetrics(frame, run)) };
      },
    };
  });
}
