/**
 * `npm run bench -- --section reference [--json] [--grid 51]` (issue 11): the
 * reference's way of computing a surface — PyTorch, the same network and
 * weights, θ + α·d₁ + β·d₂ set per point, the loss over the evaluation set
 * in batches of 128 (test/bench/reference_surface.py on our reference
 * export) — against our exact and fast surfaces of the same grid, computed
 * by the engine's surface job in this process, with whatever evaluator the
 * engine picks (the surface result names it). Both sides get the same number
 * of threads: 1, then every core. Every time is a whole run (setup included):
 * for us the surface job's wall time, for the reference the child process's.
 * The reference is timed on the whole grid where that takes under ten
 * minutes; otherwise on a seeded random sample of its points, its loop time
 * scaled to the grid (`reference_points_timed` says how many).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { SurfaceJobSchema, type SurfaceRecipeInput } from '../../src-main/contract.ts';
import { exportReference } from '../../src-main/engine/interop/reference/reference-export.ts';
import { runSurfaceJob } from '../../src-main/engine/jobs/surface-job.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { recordingContext } from '../support/tiny-snapshot.ts';
import { presetModel, type PresetModel, type ReferencePreset } from './reference-presets.ts';
import { runReference, type ReferenceRun } from './reference-runner.ts';

/** The reference is timed on the whole grid when that is expected to take less than this. */
const FULL_GRID_LIMIT_SECONDS = 600;
/** Otherwise it is timed on as many random points as fit in this. */
const SAMPLE_BUDGET_SECONDS = 180;
const CALIBRATION_POINTS = 3;
const FAST_TOLERANCE = 0.01;

export interface ReferenceRow {
  preset: ReferencePreset;
  grid: string;
  evalImages: number;
  threads: number;
  reference_s: number;
  /** Points the reference was timed on (the whole grid, or a sample scaled to it). */
  reference_points_timed: number;
  reference_scope: 'full grid' | 'random sample, loop time scaled to the grid';
  exact_s: number;
  fast_s: number;
  /** max |fast − exact| ÷ |exact| over the grid, our exact surface of the same grid. */
  fast_max_rel_error: number;
  exact_vs_reference: number;
  fast_vs_reference: number;
  /** The evaluator that computed our surfaces, as the surface result names it. */
  backend: string;
  /** max |reference − ours| ÷ ours over the points the reference computed: the two compute the same surface. */
  reference_vs_exact_max_rel_diff: number;
  /** The fast surface's own claim (its exact check points). */
  fast_claimed_max_rel_error: number | null;
}

export interface ReferenceBenchOptions {
  grid: number;
  presets: readonly ReferencePreset[];
  dir: string;
  /** Progress lines (stderr). */
  log: (line: string) => void;
}

interface OurSurface {
  seconds: number;
  backend: string;
  loss: Float32Array;
  surfaceId: string;
  path: string;
  claimed: number | null;
}

async function ourSurface(model: PresetModel, recipe: SurfaceRecipeInput, threads: number, out: string): Promise<OurSurface> {
  process.env.LAB_ORT_THREADS = String(threads);
  const job = SurfaceJobSchema.parse({ kind: 'surface', snapshot: model.snapshot, out, recipe, runIds: [model.runId], workers: threads, hessian: false });
  const started = performance.now();
  const result = await runSurfaceJob(job, recordingContext());
  const seconds = (performance.now() - started) / 1000;
  const summary = result.surfaces[0];
  if (!summary || summary.completedPoints !== summary.totalPoints) throw new Error(`Our surface on ${model.preset} did not complete.`);
  const surface = (await readSnapshot(out)).surfaces.find((s) => s.id === summary.id)!;
  const claimed = surface.measuredError?.checkedPoints ? surface.measuredError.maxRelative : null;
  return { seconds, backend: result.backend, loss: surface.values.trainLoss, surfaceId: surface.id, path: out, claimed };
}

function maxRelative(values: ArrayLike<number>, reference: ArrayLike<number>, indices?: number[]): number {
  let worst = 0;
  for (const i of indices ?? Array.from({ length: reference.length }, (_, k) => k)) worst = Math.max(worst, Math.abs(values[i]! - reference[i]!) / Math.abs(reference[i]!));
  return worst;
}

/** Times the reference: the whole grid when it fits the limit, else a seeded sample scaled to the grid. */
async function timeReference(folder: string, threads: number, points: number, log: (line: string) => void): Promise<{ seconds: number; timed: number; full: boolean; runs: ReferenceRun[] }> {
  const calibration = await runReference(folder, { threads, sample: CALIBRATION_POINTS, seed: 1 });
  const perPoint = calibration.seconds / calibration.points.length;
  const setup = calibration.wallSeconds - calibration.seconds;
  const expected = setup + perPoint * points;
  if (expected < FULL_GRID_LIMIT_SECONDS) {
    log(`    reference: ~${expected.toFixed(0)} s expected for the whole grid: timing all ${points} points`);
    const full = await runReference(folder, { threads });
    return { seconds: full.wallSeconds, timed: full.points.length, full: true, runs: [calibration, full] };
  }
  const sample = Math.max(CALIBRATION_POINTS * 3, Math.min(points, Math.floor(SAMPLE_BUDGET_SECONDS / perPoint)));
  log(`    reference: ~${expected.toFixed(0)} s expected for the whole grid (over ${FULL_GRID_LIMIT_SECONDS} s): timing ${sample} random points`);
  const run = await runReference(folder, { threads, sample, seed: 2 });
  const scaled = run.wallSeconds - run.seconds + (run.seconds / run.points.length) * points;
  return { seconds: scaled, timed: run.points.length, full: false, runs: [calibration, run] };
}

async function benchPreset(model: PresetModel, threadCounts: number[], options: ReferenceBenchOptions): Promise<ReferenceRow[]> {
  const { grid, dir, log } = options;
  const points = grid * grid;
  const base: SurfaceRecipeInput = { x: { min: -1, max: 1, num: grid }, y: { min: -1, max: 1, num: grid }, evaluation: { count: model.evalImages, seed: 0, batchSize: 128 } };
  const rows: ReferenceRow[] = [];
  let folder: string | null = null;
  // Untimed warm-up: the first surface of a process pays for loading modules, the data set and the runtime.
  await ourSurface(model, { ...base, x: { min: -1, max: 1, num: 2 }, y: { min: -1, max: 1, num: 2 } }, threadCounts.at(-1)!, join(dir, `${model.preset}-warmup.lab`));
  for (const threads of threadCounts) {
    log(`  ${model.preset}, ${grid}×${grid} on ${model.evalImages} images, ${threads} thread${threads === 1 ? '' : 's'}`);
    const exact = await ourSurface(model, base, threads, join(dir, `${model.preset}-exact-${threads}.lab`));
    log(`    ours, exact: ${exact.seconds.toFixed(1)} s (${exact.backend})`);
    const fast = await ourSurface(model, { ...base, mode: { kind: 'fast', tolerance: FAST_TOLERANCE } }, threads, join(dir, `${model.preset}-fast-${threads}.lab`));
    log(`    ours, fast: ${fast.seconds.toFixed(1)} s`);
    if (!folder) {
      folder = join(dir, `${model.preset}-reference`);
      await exportReference(await readSnapshot(exact.path), `${model.preset}-exact.lab`, folder, { surfaceId: exact.surfaceId });
      folder = join(folder, exact.surfaceId);
    }
    const reference = await timeReference(folder, threads, points, log);
    log(`    reference (PyTorch): ${reference.seconds.toFixed(1)} s${reference.full ? '' : ` (scaled from ${reference.timed} points)`}`);
    const computed = reference.runs.flatMap((r) => r.points);
    const referenceLoss = new Float64Array(points);
    computed.forEach((p) => (referenceLoss[p.index] = p.loss));
    rows.push({
      preset: model.preset,
      grid: `${grid}x${grid}`,
      evalImages: model.evalImages,
      threads,
      reference_s: reference.seconds,
      reference_points_timed: reference.timed,
      reference_scope: reference.full ? 'full grid' : 'random sample, loop time scaled to the grid',
      exact_s: exact.seconds,
      fast_s: fast.seconds,
      fast_max_rel_error: maxRelative(fast.loss, exact.loss),
      exact_vs_reference: reference.seconds / exact.seconds,
      fast_vs_reference: reference.seconds / fast.seconds,
      backend: exact.backend === fast.backend ? exact.backend : `exact: ${exact.backend}; fast: ${fast.backend}`,
      reference_vs_exact_max_rel_diff: maxRelative(referenceLoss, exact.loss, computed.map((p) => p.index)),
      fast_claimed_max_rel_error: fast.claimed,
    });
  }
  return rows;
}

export async function benchReference(options: ReferenceBenchOptions): Promise<ReferenceRow[]> {
  const cores = availableParallelism();
  const threadCounts = [...new Set([1, cores])];
  const rows: ReferenceRow[] = [];
  for (const preset of options.presets) {
    options.log(`${preset}: training the bench model`);
    const model = await presetModel(preset, options.dir);
    options.log(`${preset}: ${model.description}`);
    rows.push(...(await benchPreset(model, threadCounts, options)));
  }
  return rows;
}

const fmt = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : String(value));

export function formatReferenceRows(rows: readonly ReferenceRow[]): string {
  const header = ['preset', 'grid', 'images', 'threads', 'reference s', 'timed pts', 'exact s', 'fast s', 'fast err %', 'exact ×', 'fast ×', 'ref vs ours', 'backend'];
  const body = rows.map((r) => [
    r.preset, r.grid, String(r.evalImages), String(r.threads), fmt(r.reference_s, 1), `${r.reference_points_timed}${r.reference_scope === 'full grid' ? '' : ' (sample)'}`,
    fmt(r.exact_s, 1), fmt(r.fast_s, 1), fmt(r.fast_max_rel_error * 100, 3), fmt(r.exact_vs_reference, 2), fmt(r.fast_vs_reference, 2), r.reference_vs_exact_max_rel_diff.toExponential(1), r.backend,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(header), ...body.map(line), '(× = reference seconds ÷ ours; "ref vs ours": max relative difference of the reference\'s losses from our exact surface)'].join('\n');
}
