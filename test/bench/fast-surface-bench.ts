/**
 * Issue 3's fast mode: an 11×11 fast surface (tolerance 1 %) on 20 000
 * images of the MNIST training split (`--fast-images 60000` for all of it,
 * with a 21×21 grid), its wall time and measured error, against our exact
 * mode's estimated time for the same surface. The comparison with the
 * reference implementation, measured in PyTorch in the same run, is the
 * reference section (`--section reference`, reference-bench.ts).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { SurfaceJobSchema, type EngineEvent } from '../../src-main/contract.ts';
import { createJobContext } from '../../src-main/engine/jobs/job-context.ts';
import { runSurfaceJob, type SurfaceSummary } from '../../src-main/engine/jobs/surface-job.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { fixed, formatTable, seconds, type SummaryRow } from './bench-report.ts';
import { BENCH_TRAIN_IMAGES, widenTrainingSet, type BenchSnapshot } from './bench-snapshot.ts';
import { recipeFor, type ExactSurfaceResult } from './surface-bench.ts';

const FULL_TRAINING_SET = 60_000;
const DEFAULT_IMAGES = 20_000;
const TOLERANCE = 0.01;
/** A full-data surface is skipped where its centre pass alone would take longer than this. */
const MAX_CENTRE_PASS_SECONDS = 120;
const MAX_QUICK_CENTRE_PASS_SECONDS = 10;
/** The shortest time a fast surface is given before it is stopped. */
const MIN_LIMIT_SECONDS = 120;
/** By default a fast surface is stopped at this multiple of our exact mode's estimated time: a miss is then clear enough. */
const LIMIT_VS_EXACT = 3;

export interface FastSurfaceResult {
  backend: string;
  skipped: string | null;
  /** False when the surface was stopped at `limitSeconds`: its time is then a lower bound. */
  finished: boolean;
  limitSeconds: number;
  grid: number;
  points: number;
  examples: number;
  workers: number;
  wallSeconds: number;
  pointsSeconds: number;
  maxRelative: number | null;
  checkedPoints: number;
  pointKinds: { exact: number; sampled: number; interpolated: number };
  phases: Array<{ phase: string; seconds: number }>;
  /** points × examples × our measured per-image forward time ÷ processes. */
  exactEstimateSeconds: number;
  speedupVsExact: number;
}

/**
 * A job context that notes when each progress phase starts, so the fast
 * surface's stages can be timed. Point progress ("Surface of …") continues
 * the fast phase in progress rather than starting one.
 */
function phaseClock(signal: AbortSignal): { context: ReturnType<typeof createJobContext>; phases: () => Array<{ phase: string; seconds: number }> } {
  const starts: Array<{ phase: string; at: number }> = [];
  const send = (event: EngineEvent): void => {
    if (event.type !== 'progress') return;
    const phase = event.progress.phase;
    const continuesFast = phase.startsWith('Surface of ') && starts.some((s) => s.phase.startsWith('Fast surface'));
    if (!continuesFast && starts.at(-1)?.phase !== phase) starts.push({ phase, at: performance.now() });
  };
  const context = createJobContext('bench', send, signal, 0);
  const phases = () => {
    const end = performance.now();
    return starts.map((s, i) => ({ phase: s.phase, seconds: ((starts[i + 1]?.at ?? end) - s.at) / 1000 }));
  };
  return { context, phases };
}

function skipped(backend: string, why: string): FastSurfaceResult {
  return {
    backend, skipped: why, finished: false, limitSeconds: NaN, grid: 0, points: 0, examples: 0, workers: 0, wallSeconds: NaN, pointsSeconds: NaN, maxRelative: null, checkedPoints: 0,
    pointKinds: { exact: 0, sampled: 0, interpolated: 0 }, phases: [], exactEstimateSeconds: NaN, speedupVsExact: NaN,
  };
}

export interface FastBenchOptions {
  quick: boolean;
  dir: string;
  /** Stop the surface after this many seconds (default: 3× our exact mode's estimated time). */
  limitSeconds?: number;
  /** Training images the surface evaluates (default 20 000; 2000 with --quick). */
  images?: number;
}

export async function benchFastSurface(snapshot: BenchSnapshot, exact: ExactSurfaceResult, options: FastBenchOptions): Promise<FastSurfaceResult> {
  const backend = tf.getBackend();
  // --quick: a small grid on the 2000 training images.
  const examples = Math.min(FULL_TRAINING_SET, options.images ?? (options.quick ? BENCH_TRAIN_IMAGES : DEFAULT_IMAGES));
  const grid = options.quick ? 7 : examples >= FULL_TRAINING_SET ? 21 : 11;
  const centrePass = examples * exact.secondsPerImage;
  if (centrePass > (options.quick ? MAX_QUICK_CENTRE_PASS_SECONDS : MAX_CENTRE_PASS_SECONDS)) {
    return skipped(backend, `one pass over ${examples} images would take ~${centrePass.toFixed(0)} s on ${backend}`);
  }
  const workers = availableParallelism();
  const points = grid * grid;
  const exactEstimateSeconds = (points * examples * exact.secondsPerImage) / workers;
  const limitSeconds = options.limitSeconds ?? Math.max(MIN_LIMIT_SECONDS, LIMIT_VS_EXACT * exactEstimateSeconds);
  const widened = await widenTrainingSet(snapshot.path, join(options.dir, `${backend}-wide-data.lab`), examples === FULL_TRAINING_SET ? null : examples);
  const out = join(options.dir, `${backend}-fast.lab`);
  const recipe = recipeFor(grid, examples, { mode: { kind: 'fast', tolerance: TOLERANCE } });
  const job = SurfaceJobSchema.parse({ kind: 'surface', snapshot: widened, out, recipe, workers, hessian: false });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limitSeconds * 1000);
  const clock = phaseClock(controller.signal);
  const started = performance.now();
  let summary: SurfaceSummary | undefined;
  try {
    summary = (await runSurfaceJob(job, clock.context)).surfaces[0];
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const base = { backend, skipped: null, limitSeconds, grid, points, examples, workers, wallSeconds, phases: clock.phases() };
  if (!summary) {
    return { ...base, finished: false, pointsSeconds: NaN, maxRelative: null, checkedPoints: 0, pointKinds: { exact: 0, sampled: 0, interpolated: 0 }, exactEstimateSeconds, speedupVsExact: exactEstimateSeconds / wallSeconds };
  }
  if (summary.completedPoints !== summary.totalPoints) throw new Error('The fast surface is incomplete.');
  const surface = (await readSnapshot(out)).surfaces[0];
  const count = (kind: number) => surface.done.filter((k) => k === kind).length;
  return {
    ...base,
    finished: true,
    pointsSeconds: summary.seconds,
    // No checked point (every point computed exactly) means no error was measured, not a zero error.
    maxRelative: summary.measuredError?.checkedPoints ? summary.measuredError.maxRelative : null,
    checkedPoints: summary.measuredError?.checkedPoints ?? 0,
    pointKinds: { exact: count(1), sampled: count(2), interpolated: count(3) },
    exactEstimateSeconds,
    speedupVsExact: exactEstimateSeconds / wallSeconds,
  };
}

export function formatFastSurface(r: FastSurfaceResult): string {
  if (r.skipped) return `fast surface: ${r.skipped}`;
  const kinds = r.pointKinds;
  const stopped = `STOPPED after ${fixed(r.limitSeconds, 0)} s (the limit; --fast-limit changes it): the times below are lower bounds`;
  return [
    `${r.grid}×${r.grid} grid (${r.points} points) on ${r.examples.toLocaleString('en')} training images, fast mode (tolerance ${TOLERANCE * 100} %), ${r.workers} processes`,
    `  (model: quick preset trained 1 epoch on ${BENCH_TRAIN_IMAGES} images; the surface evaluates it on ${r.examples === BENCH_TRAIN_IMAGES ? 'those images' : 'the wider training split'})`,
    r.finished ? `points: ${kinds.exact} exact, ${kinds.sampled} sampled, ${kinds.interpolated} interpolated` : stopped,
    formatTable(['phase', 'seconds'], r.phases.map((p) => [p.phase, fixed(p.seconds, 2)])),
    formatTable(
      ['', 'time', 'vs fast'],
      [
        [`fast surface, whole job (measured)${r.finished ? '' : ', stopped'}`, `${r.finished ? '' : '≥ '}${seconds(r.wallSeconds)}`, '1×'],
        ['fast surface, its own recorded time (measured)', seconds(r.pointsSeconds), ''],
        [`our exact mode on the same data (estimate: points × images × measured forward ÷ ${r.workers})`, seconds(r.exactEstimateSeconds, 0), `${r.finished ? '' : '≤ '}${fixed(r.speedupVsExact, 1)}×`],
      ],
    ),
    'the reference implementation, measured in PyTorch: npm run bench -- --section reference',
    r.maxRelative === null
      ? `measured max relative error: none measured (${r.finished ? 'every point was computed exactly' : 'stopped before the error check'})`
      : `measured max relative error: ${fixed(r.maxRelative * 100, 3)} % over ${r.checkedPoints} exactly recomputed points`,
  ].join('\n');
}

export function fastSurfaceSummary(r: FastSurfaceResult): SummaryRow[] {
  if (r.skipped) return [{ backend: r.backend, measure: 'fast surface', value: null, goal: null, note: r.skipped }];
  const work = `${r.grid}×${r.grid}, ${r.examples.toLocaleString('en')} images${r.finished ? '' : `; STOPPED at ${fixed(r.limitSeconds, 0)} s`}`;
  return [
    { backend: r.backend, measure: 'fast surface, whole job', value: r.wallSeconds, goal: null, unit: ' s', note: work },
    {
      backend: r.backend,
      measure: 'fast vs our exact mode (estimate)',
      value: r.speedupVsExact,
      goal: null,
      unit: '×',
      note: `vs the reference: --section reference${r.finished ? '' : '; an upper bound (stopped)'}`,
    },
    {
      backend: r.backend,
      measure: 'fast max relative error',
      value: r.maxRelative === null ? null : r.maxRelative * 100,
      goal: { op: '<=', target: 1 },
      unit: ' %',
      note: r.maxRelative !== null ? `${r.checkedPoints} points recomputed exactly` : r.finished ? 'every point computed exactly' : 'stopped before the error check',
    },
  ];
}
