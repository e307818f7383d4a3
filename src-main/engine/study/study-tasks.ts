/**
 * A study plan as scheduler tasks. Each training is a `train` job of one run
 * writing its own part snapshot; each surface is a `surface` job on that part
 * (one process: the lanes already use every core), and so is each landscape
 * evolution (study-evolution-tasks.ts). Parts live in a folder
 * beside the output, and a part that already holds the finished result is
 * read instead of recomputed, so a cancelled or killed study continues where
 * it stopped when it is run again.
 */
import { join } from 'node:path';
import { ExperimentSpecSchema, SurfaceRecipeSchema, type RunData, type SurfaceRecipe } from '../../contract.ts';
import { readSnapshot } from '../snapshot/snapshot-file.ts';
import { surfaceIdFor } from '../surfaces/surface-record.ts';
import type { PlannedSurface, StudyPlan } from './expand-study.ts';
import { evolutionTasks } from './study-evolution-tasks.ts';
import { readPart, runOnLane, trainPart, type StudyTaskOptions, type StudyTaskValue } from './study-parts.ts';
import { withStudyMetrics } from './study-surface-metrics.ts';
import type { Task } from './task-scheduler.ts';

export type { StudyTaskValue } from './study-parts.ts';

/** One surface of the plan: its run, its kind of plane and its direction seed (random planes have several). */
export const surfaceTaskId = (surface: Pick<PlannedSurface, 'runId' | 'direction' | 'recipe'>): string =>
  `surface:${surface.runId}:${surface.direction}:${surface.recipe.seed}`;
const surfacePart = (partsDir: string, surface: PlannedSurface): string =>
  join(partsDir, `surface-${surface.runId}-${surface.direction}-d${surface.recipe.seed}.lab`);

/** Axes of a PCA plane that hold the whole trajectory: ±1.25 × the largest distance of a checkpoint from the final weights. */
export function trajectoryAxis(run: Pick<RunData, 'checkpoints'>, num: number): SurfaceRecipe['x'] {
  const final = run.checkpoints[run.checkpoints.length - 1];
  let largest = 0;
  for (const checkpoint of run.checkpoints) {
    let sum = 0;
    for (let i = 0; i < checkpoint.length; i++) sum += (checkpoint[i] - final[i]) ** 2;
    largest = Math.max(largest, Math.sqrt(sum));
  }
  const half = Number((1.25 * (largest || 1)).toPrecision(2));
  return { min: -half, max: half, num };
}

export function studyTasks(plan: StudyPlan, options: StudyTaskOptions): Task<StudyTaskValue>[] {
  const { experiment, scale } = plan;
  const trainCount = experiment.data.trainLimit ?? 50_000;
  const specs = new Map(experiment.runs.map((spec) => [spec.id, spec]));
  // Seed-major: every configuration's first seed trains first, so first-seed surfaces can start early.
  const runOrder = [...plan.runs].sort((a, b) => a.seed - b.seed);

  const trainTasks: Task<StudyTaskValue>[] = runOrder.map(({ runId }) => {
    const spec = specs.get(runId)!;
    const part = trainPart(options.partsDir, runId);
    return {
      id: `train:${runId}`,
      kind: 'train',
      weight: spec.train.epochs * Math.ceil(trainCount / spec.train.batchSize),
      dependsOn: [],
      run: async (lane, handle) => {
        const existing = await readPart(part);
        const kept = existing?.runs[0];
        if (existing && kept?.status === 'completed' && JSON.stringify(kept.spec) === JSON.stringify(spec)) return { kind: 'run', snapshot: existing, run: kept };
        const single = ExperimentSpecSchema.parse({ ...experiment, runs: [spec] });
        await runOnLane(lane, handle, { kind: 'train', experiment: single, out: part, cacheDir: options.cacheDir }, options.forward);
        const written = await readSnapshot(part);
        return { kind: 'run', snapshot: written, run: written.runs[0] };
      },
    };
  });

  const surfaceTasks: Task<StudyTaskValue>[] = plan.surfaces.map((planned) => {
    const part = surfacePart(options.partsDir, planned);
    const { hessian } = planned;
    const points = planned.recipe.x.num * (planned.recipe.y?.num ?? 1);
    const hessianCost = hessian ? (2 * (hessian.iterations + hessian.samples) * hessian.examples) / scale.batchSize : 0;
    // A Hessian plane's Lanczos: up to 40 steps of two gradient passes over the evaluation subset.
    const lanczosCost = planned.direction === 'hessian' ? (2 * 40 * planned.recipe.evaluation.count) / scale.batchSize : 0;
    return {
      id: surfaceTaskId(planned),
      kind: 'surface',
      weight: (points * planned.recipe.evaluation.count) / (3 * scale.batchSize) + hessianCost + lanczosCost,
      dependsOn: [`train:${planned.runId}`],
      run: async (lane, handle) => {
        const source = await readSnapshot(trainPart(options.partsDir, planned.runId));
        const run = source.runs[0];
        const recipe = planned.sizeFromTrajectory
          ? SurfaceRecipeSchema.parse({ ...planned.recipe, x: trajectoryAxis(run, planned.recipe.x.num), y: trajectoryAxis(run, planned.recipe.y?.num ?? planned.recipe.x.num) })
          : planned.recipe;
        const id = surfaceIdFor(run.spec.id, recipe);
        const done = (await readPart(part))?.surfaces.find((s) => s.id === id && s.metrics && s.completedPoints === s.done.length);
        if (done) return { kind: 'surface', surface: withStudyMetrics(done, run) };
        await runOnLane(lane, handle, {
          kind: 'surface',
          snapshot: trainPart(options.partsDir, planned.runId),
          out: part,
          runIds: [planned.runId],
          recipe,
          workers: 1,
          hessian: hessian === false ? false : hessian,
          cacheDir: options.cacheDir,
        });
        const surface = (await readSnapshot(part)).surfaces.find((s) => s.id === id);
        if (!surface) throw new Error(`The surface job for ${planned.runId} wrote no surface ${id}.`);
        return { kind: 'surface', surface: withStudyMetrics(surface, run) };
      },
    };
  });
  return [...trainTasks, ...surfaceTasks, ...evolutionTasks(plan, options)];
}
