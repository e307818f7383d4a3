/** `cli surface`, `cli merge`: loss surfaces from the command line. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SurfaceEvaluatorChoiceSchema, SurfaceRecipeSchema, type Axis, type SurfaceEvaluatorChoice, type SurfaceRecipe } from '../contract.ts';
import type { MergeResult } from '../engine/jobs/merge-job.ts';
import type { SurfaceResult } from '../engine/jobs/surface-job.ts';
import type { VerifyResult } from '../engine/jobs/verify-job.ts';
import { parseOptions } from './option-errors.ts';
import { SURFACE_FLAGS } from './option-flags.ts';
import { dataCacheDir } from '../user-folders.ts';
import { directionsFileRecipe } from './directions-option.ts';
import { runEngineJob, type CommonOptions } from './engine-job.ts';
import { formatSurfaceSummary } from './surface-summary.ts';

interface SurfaceOptions extends CommonOptions {
  out?: string;
  dir: string;
  directions?: string;
  grid: string;
  x?: string;
  y?: string;
  line?: boolean;
  models?: string;
  actParam?: string;
  norm: string;
  ignore: string;
  actParams: string;
  seed: string;
  evalLimit: string;
  evalSeed: string;
  evalBatch: string;
  test?: boolean;
  testLimit?: string;
  runs?: string;
  workers?: string;
  resume?: boolean;
  shard?: string;
  hessian: boolean;
  basinThreshold?: string;
  estimate?: boolean;
  fast?: string | boolean;
  verify?: boolean;
  samples: string;
  lanczosSteps?: string;
  directionSeeds?: string;
  evolution?: boolean;
  renormalisePerCheckpoint?: boolean;
}

/** `min:max:num`, e.g. `-1:1:51`; `num` alone keeps [−1, 1]. */
export function parseAxis(text: string | undefined, fallbackNum: number, what: string): Axis {
  if (!text) return { min: -1, max: 1, num: fallbackNum };
  const parts = text.split(':').map(Number);
  if (parts.some((p) => !Number.isFinite(p))) throw new Error(`${what} must be min:max:num (e.g. -1:1:51), not "${text}".`);
  if (parts.length === 1) return { min: -1, max: 1, num: parts[0] };
  if (parts.length !== 3 || !Number.isInteger(parts[2]) || parts[2] < 1) throw new Error(`${what} must be min:max:num with a whole num ≥ 1, not "${text}".`);
  return { min: parts[0], max: parts[1], num: parts[2] };
}

export function parseShard(text: string | undefined): { index: number; count: number } | undefined {
  if (!text) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match || Number(match[1]) >= Number(match[2])) throw new Error(`--shard must be i/n with 0 ≤ i < n (e.g. 0/4), not "${text}".`);
  return { index: Number(match[1]), count: Number(match[2]) };
}

/**
 * `--backend` for surfaces: `onnx`, `onnx-cpu`, `onnx-cuda` or `tfjs` choose the runtime that
 * evaluates points; a TensorFlow.js backend name (`wasm`, `cpu`, `node`, …) forces TensorFlow.js
 * on that backend. Without it: ONNX Runtime, falling back to TensorFlow.js.
 */
export function surfaceEvaluatorFor(backend: string | undefined): SurfaceEvaluatorChoice {
  if (!backend) return 'auto';
  const choice = SurfaceEvaluatorChoiceSchema.safeParse(backend);
  return choice.success ? choice.data : 'tfjs';
}

export function buildRecipe(options: SurfaceOptions): SurfaceRecipe {
  const grid = Number(options.grid);
  const isActParam = options.dir === 'act-param';
  return parseOptions(SurfaceRecipeSchema, {
    direction: options.dir,
    ...directionsFileRecipe(options.directions),
    seed: Number(options.seed),
    normalization: options.norm,
    ignore: options.ignore,
    activationParams: isActParam ? 'fixed' : options.actParams,
    x: parseAxis(options.x, grid, '--x'),
    y: options.line ? null : parseAxis(options.y ?? (isActParam ? '0.1:1:' + grid : undefined), grid, '--y'),
    models: options.models?.split(',').filter(Boolean),
    activationParam: options.actParam ?? (isActParam ? 'z' : undefined),
    lanczos: options.lanczosSteps ? { maxSteps: Number(options.lanczosSteps), tolerance: 1e-4 } : undefined,
    mode: options.fast ? { kind: 'fast', tolerance: options.fast === true ? 0.01 : Number(options.fast) } : { kind: 'exact' },
    evaluation: {
      count: Number(options.evalLimit),
      seed: Number(options.evalSeed),
      batchSize: Number(options.evalBatch),
      includeTest: Boolean(options.test),
      testCount: options.testLimit ? Number(options.testLimit) : undefined,
    },
  }, SURFACE_FLAGS);
}

export function registerSurfaceCommands(program: Command): void {
  program
    .command('surface <snapshot>')
    .description('Compute a loss surface around every model in a snapshot (default: 2D filter-normalised random plane)')
    .option('--out <file>', 'snapshot to write (default: the input)')
    .option('--dir <kind>', 'random | pca | models | act-param | hessian (top two Hessian eigenvectors, Lanczos)', 'random')
    .option('--direction-seeds <K>', 'random: K surfaces on independent planes (seeds --seed … +K−1); each metric as mean ± std over them')
    .option('--evolution', 'a surface per stored checkpoint (train --checkpoint-every) on one fixed random plane, normalised at the final weights')
    .option('--renormalise-per-checkpoint', 'evolution: re-normalise the directions at each checkpoint instead')
    .option('--lanczos-steps <n>', 'hessian: most Lanczos steps (Hessian-vector products), default 40')
    .option('--grid <n>', 'points per axis', '21')
    .option('--x <min:max:num>', 'x axis (default -1:1:<grid>)')
    .option('--y <min:max:num>', 'y axis (act-param: values of the parameter, default 0.1:1:<grid>)')
    .option('--line', '1D line instead of a plane')
    .option('--directions <file>', 'a direction file in the reference format (xdirection/<i>, ydirection/<i> in PyTorch parameters() order), e.g. directions.h5 of a reference export')
    .option('--models <ids>', 'models: the other 1 or 2 run ids spanning the line/plane')
    .option('--act-param <name>', 'act-param: the activation parameter on the y axis (z, k, w)')
    .option('--norm <mode>', 'direction normalisation: filter | layer | none', 'filter')
    .option('--ignore <mode>', 'biasbn (rank ≤ 1 parameters stay) | none', 'biasbn')
    .option('--act-params <mode>', 'trainable activation parameters: fixed | move', 'fixed')
    .option('--seed <n>', 'direction seed', '0')
    .option('--eval-limit <n>', 'examples of the fixed, seeded evaluation subset of the training set', '1000')
    .option('--eval-seed <n>', 'seed of the evaluation subset', '0')
    .option('--eval-batch <n>', 'evaluation batch size', '256')
    .option('--test', 'also evaluate on the test set')
    .option('--test-limit <n>', 'test examples (default: --eval-limit)')
    .option('--runs <ids>', 'only these runs (comma-separated ids)')
    .option('--workers <n>', 'engine processes sharing the points (default: one per core)')
    .option('--resume', 'continue an interrupted surface from its journal')
    .option('--shard <i/n>', 'compute only shard i of n and write a partial snapshot (see merge)')
    .option('--no-hessian', 'skip the Hessian top eigenvalue and trace')
    .option('--basin-threshold <loss>', 'report the fraction of the grid below this loss')
    .option('--fast [tolerance]', 'fast mode: adaptive samples + coarse-to-fine, within a relative tolerance (default 0.01), error measured')
    .option('--estimate', 'only time one point and print the cost estimate')
    .option('--verify', 'recompute a sample of the stored surfaces and report the largest difference')
    .option('--samples <n>', 'points per surface for --verify', '8')
    .action(async (snapshotArg: string, options: SurfaceOptions) => {
      const snapshot = resolve(snapshotArg);
      if (options.verify) {
        const result = await runEngineJob<VerifyResult>({ kind: 'verify', snapshot, samples: Number(options.samples), cacheDir: dataCacheDir() }, options);
        if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else {
          for (const s of result.surfaces) process.stderr.write(`  ${s.id}: ${s.checkedPoints} points, max |Δloss| ${s.maxLossDifference}, max |Δacc| ${s.maxAccuracyDifference}\n`);
          process.stderr.write(`Largest difference: loss ${result.maxLossDifference}, accuracy ${result.maxAccuracyDifference}\n`);
        }
        if (result.maxLossDifference > 0 || result.maxAccuracyDifference > 0) process.exitCode = 2;
        return;
      }
      const recipe = buildRecipe(options);
      const evaluator = surfaceEvaluatorFor(options.backend);
      // A TensorFlow.js backend name forces TensorFlow.js for the points too; an ONNX one leaves TensorFlow.js's choice alone.
      const engineOptions = { ...options, backend: evaluator === 'tfjs' && options.backend !== 'tfjs' ? options.backend : undefined };
      const result = await runEngineJob<SurfaceResult>(
        {
          kind: 'surface',
          snapshot,
          out: resolve(options.out ?? snapshotArg),
          recipe,
          runIds: options.runs?.split(',').filter(Boolean),
          workers: options.workers ? Number(options.workers) : undefined,
          evaluator,
          resume: Boolean(options.resume),
          shard: parseShard(options.shard),
          hessian: options.hessian === false ? false : undefined,
          basinThreshold: options.basinThreshold ? Number(options.basinThreshold) : undefined,
          estimateOnly: Boolean(options.estimate),
          directionSeeds: options.directionSeeds ? Number(options.directionSeeds) : undefined,
          evolution: options.evolution ? { renormalise: Boolean(options.renormalisePerCheckpoint) } : undefined,
          cacheDir: dataCacheDir(),
        },
        engineOptions,
      );
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stderr.write(formatSurfaceSummary(result));
    });

  program
    .command('merge <shards...>')
    .description('Join shard snapshots of the same surfaces into one snapshot')
    .requiredOption('--out <file>', 'merged snapshot')
    .action(async (shards: string[], options: CommonOptions & { out: string }) => {
      const result = await runEngineJob<MergeResult>({ kind: 'merge', inputs: shards.map((s) => resolve(s)), out: resolve(options.out) }, options);
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else for (const s of result.surfaces) process.stderr.write(`  ${s.id}: ${s.completedPoints}/${s.totalPoints} points from ${s.fromInputs} input(s)\n`);
    });
}
