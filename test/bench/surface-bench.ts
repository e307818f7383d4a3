/**
 * Issue 3's exact-mode numbers on the current backend, measured side by side:
 * - ratio: surface time ÷ (points × forward time of the evaluation subset),
 *   with the forward time taken by `evaluateBatches` on the same model and
 *   subset just before the surface (goal ≤ 1.05);
 * - pool speed-up: the same surface with 1 process and with N (one per core),
 *   the pool warmed by a first N-process run (goal ≥ 0.9 × N).
 * A full run repeats forward time, 1-process and pool surface in a second
 * round and reports the means: other processes' load drifts over minutes.
 * Surface times are the surface's own recorded time (its points, from the
 * first to the last) and the whole job's wall time (reading the snapshot,
 * building the plane, metrics, writing); the goals are held to the former.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { SurfaceJobSchema, SurfaceRecipeSchema, type SurfaceRecipeInput } from '../../src-main/contract.ts';
import { runSurfaceJob } from '../../src-main/engine/jobs/surface-job.ts';
import { evaluateBatches } from '../../src-main/engine/network/evaluate.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { loadSnapshotDataset, PointEvaluator } from '../../src-main/engine/surfaces/point-evaluator.ts';
import { fixed, formatTable, seconds, summarise, type SummaryRow } from './bench-report.ts';
import { recordingContext } from '../support/tiny-snapshot.ts';
import type { BenchSnapshot } from './bench-snapshot.ts';

export interface SurfaceBenchOptions {
  quick: boolean;
  /** Folder for the surfaces' output snapshots. */
  dir: string;
}

export interface SurfaceRun {
  workers: number;
  /** The surface's recorded time: its points, first to last. */
  pointsSeconds: number;
  /** The whole job, snapshot read to snapshot written. */
  wallSeconds: number;
}

/** One side-by-side measurement: the forward time, then the surface on 1 process and on the warm pool. */
export interface SurfaceRound {
  /** evaluateBatches over the evaluation subset right before the surfaces, median of several passes. */
  forwardSeconds: number;
  single: SurfaceRun;
  pool: SurfaceRun | null;
}

export interface ExactSurfaceResult {
  backend: string;
  grid: number;
  points: number;
  evaluationCount: number;
  /** Mean over the rounds of forwardSeconds ÷ evaluationCount. */
  secondsPerImage: number;
  /** The first N-process run, which starts the pool's engine processes. */
  coldPool: SurfaceRun | null;
  rounds: SurfaceRound[];
  /** Means over the rounds: surface ÷ (points × forward), and 1-process ÷ pool time. */
  ratio: number;
  wallRatio: number;
  speedup: number | null;
  wallSpeedup: number | null;
}

/** Per-image forward time above which a backend counts as slow (cpu: ~7–20 ms; wasm: ~0.2 ms). */
const SLOW_SECONDS_PER_IMAGE = 1e-3;

/**
 * Sizes on this backend: issue 3's 11×11 grid on 1000 images where a forward
 * pass is fast; on a slow backend a smaller subset and a grid shrunk (never
 * below 3×3) to keep one surface near a time budget.
 */
function sizesFor(secondsPerImage: number, quick: boolean): { grid: number; evaluationCount: number } {
  if (secondsPerImage < SLOW_SECONDS_PER_IMAGE) return { grid: quick ? 5 : 11, evaluationCount: quick ? 500 : 1000 };
  const evaluationCount = quick ? 128 : 500;
  const budget = quick ? 10 : 60;
  const fits = Math.floor(Math.sqrt(budget / (secondsPerImage * evaluationCount)));
  const odd = fits % 2 === 0 ? fits - 1 : fits;
  return { grid: Math.max(3, Math.min(quick ? 5 : 11, odd)), evaluationCount };
}

export function recipeFor(grid: number, evaluationCount: number, extra: Partial<SurfaceRecipeInput> = {}): SurfaceRecipeInput {
  return { x: { min: -1, max: 1, num: grid }, y: { min: -1, max: 1, num: grid }, evaluation: { count: evaluationCount }, ...extra };
}

/** Median time of a full pass of `evaluateBatches` over the recipe's evaluation subset, on the trained model. */
export async function timeEvaluationPass(snapshotPath: string, runId: string, recipe: SurfaceRecipeInput, passes: number): Promise<number> {
  const snapshot = await readSnapshot(snapshotPath);
  const run = snapshot.runs.find((r) => r.spec.id === runId);
  if (!run) throw new Error(`Run ${runId} is not in ${snapshotPath}.`);
  const dataset = await loadSnapshotDataset(snapshot, {});
  const evaluator = await PointEvaluator.create(snapshot, run, SurfaceRecipeSchema.parse(recipe), dataset);
  try {
    // Warm-up for at least 2 s: V8 compiles wasm with a fast baseline compiler first and swaps in
    // optimised code in the background; passes before that ran ~50 % slower here.
    const warmUntil = performance.now() + 2000;
    do await evaluateBatches(evaluator.model, evaluator.trainBatches);
    while (performance.now() < warmUntil);
    const times: number[] = [];
    for (let i = 0; i < passes; i++) {
      const start = performance.now();
      await evaluateBatches(evaluator.model, evaluator.trainBatches);
      times.push(performance.now() - start);
    }
    return summarise(times).medianMs / 1000;
  } finally {
    evaluator.dispose();
  }
}

export async function timedSurface(
  snapshotPath: string,
  out: string,
  recipe: SurfaceRecipeInput,
  workers: number,
): Promise<SurfaceRun> {
  const job = SurfaceJobSchema.parse({ kind: 'surface', snapshot: snapshotPath, out, recipe, workers, hessian: false });
  const started = performance.now();
  const result = await runSurfaceJob(job, recordingContext());
  const wallSeconds = (performance.now() - started) / 1000;
  const surface = result.surfaces[0];
  if (!surface || surface.completedPoints !== surface.totalPoints) throw new Error(`The bench surface in ${out} is incomplete.`);
  return { workers, pointsSeconds: surface.seconds, wallSeconds };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export async function benchExactSurface(snapshot: BenchSnapshot, options: SurfaceBenchOptions): Promise<ExactSurfaceResult> {
  const backend = tf.getBackend();
  const probeImages = 128;
  const probe = await timeEvaluationPass(snapshot.path, snapshot.runId, recipeFor(3, probeImages), 1);
  const { grid, evaluationCount } = sizesFor(probe / probeImages, options.quick);
  const recipe = recipeFor(grid, evaluationCount);
  const points = grid * grid;
  const n = availableParallelism();
  const run = (workers: number, tag: string) => timedSurface(snapshot.path, join(options.dir, `${backend}-exact-${workers}-${tag}.lab`), recipe, workers);
  let coldPool: SurfaceRun | null = null;
  const rounds: SurfaceRound[] = [];
  // Two rounds in a full run: the load other processes put on the cores changes over minutes.
  for (let round = 1; round <= (options.quick ? 1 : 2); round++) {
    // The forward pass is timed just before and just after the single-process surface, and the two
    // medians averaged: the cores' speed drifts by ±5 % over the half minute a surface takes here.
    const passes = options.quick ? 3 : 5;
    const before = await timeEvaluationPass(snapshot.path, snapshot.runId, recipe, passes);
    const single = await run(1, `r${round}`);
    const forwardSeconds = (before + (await timeEvaluationPass(snapshot.path, snapshot.runId, recipe, passes))) / 2;
    if (n > 1 && !coldPool) coldPool = await run(n, 'cold');
    const pool = n > 1 ? await run(n, `r${round}`) : null;
    rounds.push({ forwardSeconds, single, pool });
  }
  const pooled = rounds.filter((r): r is SurfaceRound & { pool: SurfaceRun } => r.pool !== null);
  return {
    backend,
    grid,
    points,
    evaluationCount,
    secondsPerImage: mean(rounds.map((r) => r.forwardSeconds)) / evaluationCount,
    coldPool,
    rounds,
    ratio: mean(rounds.map((r) => r.single.pointsSeconds / (points * r.forwardSeconds))),
    wallRatio: mean(rounds.map((r) => r.single.wallSeconds / (points * r.forwardSeconds))),
    speedup: pooled.length ? mean(pooled.map((r) => r.single.pointsSeconds / r.pool.pointsSeconds)) : null,
    wallSpeedup: pooled.length ? mean(pooled.map((r) => r.single.wallSeconds / r.pool.wallSeconds)) : null,
  };
}

export function formatExactSurface(r: ExactSurfaceResult): string {
  const lines = [
    `${r.grid}×${r.grid} grid (${r.points} points), evaluation subset ${r.evaluationCount} training images, exact mode, no Hessian`,
    'each round: the forward pass of the subset (evaluateBatches, median of passes, before and after the 1-process surface, averaged), the surface on 1 process, then on the warm pool',
  ];
  const rows: string[][] = [];
  const row = (label: string, run: SurfaceRun, forwardSeconds: number): string[] => [
    label,
    seconds(forwardSeconds, 3),
    seconds(run.pointsSeconds, 2),
    seconds(run.wallSeconds, 2),
    fixed(run.pointsSeconds / (r.points * forwardSeconds), 3),
    fixed(run.wallSeconds / (r.points * forwardSeconds), 3),
  ];
  r.rounds.forEach((round, i) => {
    rows.push(row(`round ${i + 1}: 1 process`, round.single, round.forwardSeconds));
    if (i === 0 && r.coldPool) rows.push(row(`round 1: ${r.coldPool.workers} (pool starting)`, r.coldPool, round.forwardSeconds));
    if (round.pool) rows.push(row(`round ${i + 1}: ${round.pool.workers} (warm pool)`, round.pool, round.forwardSeconds));
  });
  lines.push(formatTable(['run', 'forward', 'surface (points)', 'whole job', 'points ÷ (points × forward)', 'whole job ÷ (points × forward)'], rows));
  const n = r.rounds[0]?.pool?.workers;
  if (n && r.speedup !== null) {
    lines.push(
      `pool speed-up (warm, ${n} processes, mean of rounds): ${fixed(r.speedup, 2)}× on the surface's time (${fixed(r.speedup / n, 2)} per process), ` +
        `${fixed(r.wallSpeedup, 2)}× on the whole job. The pool's engines are fresh \`node --import tsx\` processes: their first start is slow, so the warm runs count.`,
    );
  }
  return lines.join('\n');
}

export function exactSurfaceSummary(r: ExactSurfaceResult): SummaryRow[] {
  const rows: SummaryRow[] = [
    { backend: r.backend, measure: 'exact surface ÷ (points × forward)', value: r.ratio, goal: { op: '<=', target: 1.05 }, note: `${r.grid}×${r.grid}, ${r.evaluationCount} images, 1 process, mean of ${r.rounds.length} round(s)` },
    { backend: r.backend, measure: 'same, whole job', value: r.wallRatio, goal: { op: '<=', target: 1.05 }, note: 'incl. snapshot read/write, plane, metrics' },
  ];
  const n = r.rounds[0]?.pool?.workers;
  if (n && r.speedup !== null) {
    rows.push(
      { backend: r.backend, measure: `pool speed-up, ${n} processes (warm)`, value: r.speedup, goal: null, unit: '×' },
      { backend: r.backend, measure: 'pool speed-up ÷ N', value: r.speedup / n, goal: { op: '>=', target: 0.9 }, note: 'surface time' },
      { backend: r.backend, measure: 'pool speed-up ÷ N, whole job', value: r.wallSpeedup! / n, goal: { op: '>=', target: 0.9 } },
    );
  }
  return rows;
}
