/**
 * `surface`: computes a surface per run of a snapshot. This process evaluates
 * one share of the points and warm pool workers the others; every computed
 * point is journalled beside the output, so `resume` after a kill loses and
 * repeats nothing. A shard computes only its share and writes a partial
 * snapshot for `merge`.
 */
import { availableParallelism } from 'node:os';
import { checkpointRefs, type PointResult, type RunData, type Snapshot, type SurfaceData, type SurfaceJob, type SurfaceRecipe } from '../../contract.ts';
import { currentBackend, formatBackendReport } from '../backend.ts';
import { coarseToFineOrder, pendingPoints, shardOf } from '../landscape/index.ts';
import { readSnapshot, writeSnapshot } from '../snapshot/snapshot-file.ts';
import { computeFastSurface, type FastStep } from '../surfaces/fast-surface.ts';
import { distributePoints } from '../surfaces/point-distribution.ts';
import { createSurfaceEvaluator } from '../surfaces/choose-evaluator.ts';
import { estimatedSeconds, measureSurfaceCost } from '../surfaces/surface-cost.ts';
import { loadSnapshotDataset } from '../surfaces/point-evaluator.ts';
import { journalPath, recipeDigest, SurfaceJournal } from '../surfaces/surface-journal.ts';
import { applyPoints, emptySurface, pointCount, surfaceIdFor } from '../surfaces/surface-record.ts';
import { workerPool } from '../surfaces/worker-pool.ts';
import type { JobContext } from './job-context.ts';
import { runMetricsPhase } from './metrics-phase.ts';
import { seedSummaries, type SeedSummary } from './seed-summary.ts';

export interface SurfaceSummary {
  id: string;
  /** The direction seed of its plane. */
  seed: number;
  /** Evolution frame: the checkpoint's epoch. */
  epoch?: number;
  /** Evolution frame of a run checkpointed by steps: the checkpoint's global step. */
  step?: number;
  runId: string;
  label: string;
  completedPoints: number;
  /** Points computed by this job (the rest came from a journal or an earlier shard). */
  computedPoints: number;
  totalPoints: number;
  secondsPerPoint: number | null;
  seconds: number;
  metrics: SurfaceData['metrics'];
  /** Fast mode: the largest relative error against exactly recomputed points. */
  measuredError: SurfaceData['measuredError'];
  /** Hessian plane: eigenvalues (largest magnitude first) with their measured residuals ‖Hv − λv‖ ÷ |λ|. */
  eigenvalues?: Array<{ value: number; residual: number }>;
}

export interface SurfaceResult {
  snapshot: string;
  backend: string;
  workers: number;
  surfaces: SurfaceSummary[];
  /** planeSeconds: building the plane (the Hessian's Lanczos for `--dir hessian`), included in estimatedSeconds. */
  /** --direction-seeds K: per run, each metric's mean and std over the K planes. */
  directionSeeds?: SeedSummary[];
  /** --evolution: per run, its frames (one surface per checkpoint, in training order) on one plane. */
  evolution?: Array<{ runId: string; renormalise: boolean; frames: SurfaceSummary[] }>;
  /** setupSeconds: per surface, once (planeSeconds + the first point's warm-up); estimatedSeconds = surfaces × setup + points × secondsPerPoint ÷ processes. */
  estimate: { points: number; secondsPerPoint: number; setupSeconds: number; planeSeconds: number; estimatedSeconds: number } | null;
}

function selectRuns(snapshot: Snapshot, runIds: string[] | undefined): RunData[] {
  if (!runIds?.length) return snapshot.runs;
  return runIds.map((id) => {
    const run = snapshot.runs.find((r) => r.spec.id === id);
    if (!run) throw new Error(`Run ${id} is not in the snapshot (it has ${snapshot.runs.map((r) => r.spec.id).join(', ')}).`);
    return run;
  });
}

/** The surface to continue: the one already in the snapshot (resume, shards) plus journalled points. */
async function startingSurface(job: SurfaceJob, recipe: SurfaceRecipe, snapshot: Snapshot, run: RunData, backend: string): Promise<SurfaceData> {
  const id = surfaceIdFor(run.spec.id, recipe);
  const existing = snapshot.surfaces.find((s) => s.id === id);
  const surface = job.resume && existing ? existing : emptySurface(run.spec.id, run.spec.label, recipe, backend);
  if (job.resume) {
    const journalled = await SurfaceJournal.read(journalPath(job.out, id), recipeDigest(run.spec.id, recipe));
    if (journalled) applyPoints(surface, journalled);
  }
  return surface;
}

/** A surface of the snapshot with every point of this job's share and the metrics the job asks for (λmax and Tr H unless --no-hessian). */
function finishedSurface(job: SurfaceJob, snapshot: Snapshot, runId: string, recipe: SurfaceRecipe): SurfaceData | undefined {
  if (job.shard) return undefined;
  const surface = snapshot.surfaces.find((s) => s.id === surfaceIdFor(runId, recipe));
  if (!surface || surface.completedPoints !== surface.done.length || !surface.metrics) return undefined;
  return job.hessian === false || surface.metrics.hessian ? surface : undefined;
}

function surfaceSummary(surface: SurfaceData, recipe: SurfaceRecipe, computedPoints: number, secondsPerPoint: number | null): SurfaceSummary {
  return {
    id: surface.id,
    seed: recipe.seed,
    ...(recipe.checkpoint ? { epoch: recipe.checkpoint.epoch } : {}),
    ...(recipe.checkpoint?.step !== undefined ? { step: recipe.checkpoint.step } : {}),
    runId: surface.runId,
    label: surface.label,
    completedPoints: surface.completedPoints,
    computedPoints,
    totalPoints: surface.done.length,
    secondsPerPoint,
    seconds: surface.timing.seconds,
    metrics: surface.metrics,
    measuredError: surface.measuredError,
    ...(surface.hessianPlane
      ? { eigenvalues: surface.hessianPlane.eigenvalues.map((value, i) => ({ value, residual: surface.hessianPlane!.residuals[i] })) }
      : {}),
  };
}

export async function runSurfaceJob(job: SurfaceJob, context: JobContext): Promise<SurfaceResult> {
  context.progress({ phase: 'Reading snapshot', done: 0, total: 1 }, true);
  const snapshot = await readSnapshot(job.snapshot);
  const runs = selectRuns(snapshot, job.runIds);
  const tfBackend = currentBackend();
  let backendText = tfBackend ? `TensorFlow.js ${formatBackendReport(tfBackend)}` : 'unknown';
  context.progress({ phase: 'Loading data', done: 0, total: 1 }, true);
  const dataset = await loadSnapshotDataset(snapshot, { cacheDir: job.cacheDir, signal: context.signal });
  const workers = Math.max(1, job.workers ?? availableParallelism());
  // --direction-seeds K: K independent random planes per run (seeds s, s+1, …), each an ordinary surface.
  const seeds = job.recipe.direction === 'random' ? (job.directionSeeds ?? 1) : 1;
  if ((job.directionSeeds ?? 1) > 1 && job.recipe.direction !== 'random') throw new Error('--direction-seeds needs random directions (--dir random): other planes do not depend on a seed.');
  const evolution = job.evolution;
  if (evolution && (job.recipe.direction !== 'random' || seeds > 1)) throw new Error('--evolution needs one random plane (--dir random, no --direction-seeds).');
  const tasks = evolution
    ? runs.flatMap((run) => checkpointRefs(run).map((ref) => ({ run, recipe: { ...job.recipe, checkpoint: { ...ref, renormalise: evolution.renormalise } } })))
    : runs.flatMap((run) => Array.from({ length: seeds }, (_, k) => ({ run, recipe: { ...job.recipe, seed: job.recipe.seed + k } })));
  if (tasks.length === 0) throw new Error('The runs have no checkpoints to compute an evolution of: train with --checkpoint-every.');
  const total = tasks.length * pointCount(job.recipe);
  let doneOverall = 0;
  const summaries: SurfaceSummary[] = [];

  for (const { run, recipe } of tasks) {
    context.throwIfCancelled();
    const finished = job.resume ? finishedSurface(job, snapshot, run.spec.id, recipe) : undefined;
    if (finished) {
      // Resumed after this surface was saved whole: nothing to compute (not even its plane or its Hessian).
      doneOverall += pointCount(recipe);
      summaries.push(surfaceSummary(finished, recipe, 0, null));
      continue;
    }
    const lanczosPhase = `Hessian eigenvectors of ${run.spec.label} (Lanczos)`;
    const planeProgress = {
      // Lanczos's Hessian-vector products, done of those planned: its own count, bar and ETA before the first point.
      onProducts: (count: { done: number; total: number }) =>
        context.progress({ phase: lanczosPhase, done: doneOverall, total, phaseCount: count, runId: run.spec.id }, count.done === 0 || count.done === count.total),
      signal: context.signal,
    };
    const planeStarted = performance.now();
    const { evaluator, fallback } = await createSurfaceEvaluator(snapshot, run, recipe, dataset, job.evaluator, undefined, planeProgress).catch((error: unknown) => {
      context.throwIfCancelled();
      throw error;
    });
    const planeSeconds = (performance.now() - planeStarted) / 1000;
    if (fallback) console.warn(fallback);
    backendText = evaluator.runtime;
    const surface = await startingSurface(job, recipe, snapshot, run, backendText);
    const started = performance.now();
    let secondsPerPoint: number | null = null;
    let computedPoints = 0;
    try {
      const order = coarseToFineOrder(evaluator.grid);
      const mine = job.shard ? shardOf(order, job.shard.index, job.shard.count) : order;
      const pending = pendingPoints(mine, surface.done);
      doneOverall += mine.length - pending.length;
      if (job.estimateOnly) {
        const cost = await measureSurfaceCost(evaluator, pending, planeSeconds);
        const points = pending.length * tasks.length;
        // ONNX Runtime threads itself: one process computes every point.
        const processes = evaluator.usesWorkerPool ? workers : 1;
        return {
          snapshot: job.snapshot,
          backend: backendText,
          workers: processes,
          surfaces: [],
          estimate: { points, ...cost, planeSeconds, estimatedSeconds: estimatedSeconds(cost, tasks.length, points, processes) },
        };
      }
      const journal = await SurfaceJournal.open(journalPath(job.out, surface.id), recipeDigest(run.spec.id, recipe), !job.resume);
      let journalWrites: Promise<void> = Promise.resolve();
      // Fast mode computes a few hundred of the grid's points in steps of known size: the step's own
      // count drives the bar and the ETA (the job's count jumps when the interpolated points land).
      let fastStep: FastStep | null = null;
      const record = (points: readonly PointResult[]): void => {
        const added = applyPoints(surface, points);
        computedPoints += added;
        doneOverall += added;
        journalWrites = journalWrites.then(() => journal.append(points));
        if (fastStep) fastStep.done = Math.min(fastStep.total, fastStep.done + points.length);
        context.progress({
          phase: fastStep ? `Fast surface of ${run.spec.label}: ${fastStep.name}` : `Surface of ${run.spec.label}`,
          done: doneOverall,
          total,
          ...(fastStep ? { phaseCount: { done: fastStep.done, total: fastStep.total } } : {}),
          runId: run.spec.id,
          detail: secondsPerPoint === null ? {} : { secondsPerPoint },
        });
      };
      const processes = evaluator.usesWorkerPool ? Math.min(workers, Math.max(1, pending.length)) : 1;
      const clients = processes > 1 ? workerPool.acquire(processes - 1) : [];
      const distribution = {
        evaluator,
        clients,
        target: { snapshot: job.snapshot, runId: run.spec.id, recipe: recipe, cacheDir: job.cacheDir },
        signal: context.signal,
        onWorkerUnavailable: (message: string) => {
          // The surface goes on with the processes that did start; the reason goes to the engine's log.
          console.warn(`A pool engine could not start (${message}); its points are computed by the others.`);
          context.progress({ phase: `Surface of ${run.spec.label} (an engine process could not start: continuing with fewer)`, done: doneOverall, total, runId: run.spec.id }, true);
        },
      };
      try {
        if (recipe.mode.kind === 'fast') {
          await computeFastSurface(distribution, surface, {
            tolerance: recipe.mode.tolerance,
            candidates: pending,
            record,
            phase: (name, points) => {
              fastStep = points === undefined ? null : { name, done: 0, total: points };
              context.progress({ phase: `Fast surface of ${run.spec.label}: ${name}`, done: doneOverall, total, ...(fastStep ? { phaseCount: { done: 0, total: points! } } : {}), runId: run.spec.id }, true);
            },
          });
        } else {
          secondsPerPoint = await distributePoints(distribution, pending, { kind: 'exact' }, record);
        }
      } finally {
        if (clients.length) workerPool.release();
        await journalWrites;
      }
      evaluator.restore();
      backendText = evaluator.runtime;
      surface.timing = { seconds: surface.timing.seconds + (performance.now() - started) / 1000, workers: processes, backend: backendText };
      // Cancelled during the Hessian: the grid (with its grid metrics) is saved all the same, then the job ends as cancelled.
      const cancelled = surface.completedPoints === surface.done.length && (await runMetricsPhase(surface, evaluator, { ...job, recipe }, context, { runId: run.spec.id, done: doneOverall, total }));
      snapshot.surfaces = [...snapshot.surfaces.filter((s) => s.id !== surface.id), surface];
      await writeSnapshot(job.out, snapshot);
      await journal.remove();
      if (cancelled) context.throwIfCancelled();
    } finally {
      await evaluator.dispose();
    }
    summaries.push(surfaceSummary(surface, recipe, computedPoints, secondsPerPoint));
  }
  context.progress({ phase: 'Done', done: total, total }, true);
  const directionSeeds = seeds > 1 ? seedSummaries(summaries, runs, snapshot.surfaces) : undefined;
  const frames = evolution ? runs.map((run) => ({ runId: run.spec.id, renormalise: evolution.renormalise, frames: summaries.filter((s) => s.runId === run.spec.id) })) : undefined;
  return { snapshot: job.out, backend: backendText, workers: backendText.startsWith('onnxruntime') ? 1 : workers, surfaces: summaries, estimate: null, ...(directionSeeds ? { directionSeeds } : {}), ...(frames ? { evolution: frames } : {}) };
}
