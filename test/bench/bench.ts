/**
 * `npm run bench`: the performance goals of issues 2 and 3 as ratios
 * measured side by side in one run, on every backend that starts here.
 *
 *   npm run bench                          every available backend, full sizes
 *   npm run bench -- --backend wasm        one backend (node-gpu, node, wasm, cpu)
 *   npm run bench -- --quick               smaller sizes: a smoke run of a few minutes
 *   npm run bench -- --fast-limit 600      stop the fast surface after 600 s
 *                                          (default: 3× our exact mode's estimated time)
 *   npm run bench -- --fast-images 60000   the fast surface on all 60 000 MNIST training
 *                                          images, 21×21 (default: 20 000, 11×11)
 *
 * Sections per backend: engine (forward, training step, their ratio),
 * kernels (replacements vs shipped, the 612 k CNN's step), surfaces (exact
 * mode's overhead, the process pool's speed-up, fast mode against the
 * our exact mode). A summary with PASS/MISS against each goal comes last.
 *
 *   npm run bench -- --section reference [--json] [--grid 51] [--preset quick]
 *
 * The reference section (issue 11, reference-bench.ts) times the reference
 * implementation's procedure in PyTorch (/usr/bin/python3 or $LAB_PYTHON)
 * against our exact and fast surfaces of the same grid, at 1 thread and at
 * every core; it runs only when asked for (a 51×51 grid takes hours on the
 * seed preset), and says so and exits 0 where PyTorch is missing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, chooseBackend, formatBackendReport, isBackendName, type BackendName } from '../../src-main/engine/backend.ts';
import { workerPool } from '../../src-main/engine/surfaces/worker-pool.ts';
import { fixed, formatSummary, section, type SummaryRow } from './bench-report.ts';
import { trainBenchSnapshot, BENCH_TRAIN_IMAGES, type BenchSnapshot } from './bench-snapshot.ts';
import { benchEngine, engineSummary, formatEngine } from './engine-bench.ts';
import { benchFastSurface, fastSurfaceSummary, formatFastSurface } from './fast-surface-bench.ts';
import { benchKernelSection, formatKernelSection, kernelSummary } from './kernels-section.ts';
import { REFERENCE_PRESETS, type ReferencePreset } from './reference-presets.ts';
import { runReferenceSection } from './reference-section.ts';
import { benchExactSurface, exactSurfaceSummary, formatExactSurface } from './surface-bench.ts';

interface BenchOptions {
  backends: BackendName[];
  /** Set when the user named backends: one that fails to start is then an error. */
  forced: boolean;
  quick: boolean;
  fastLimitSeconds: number | undefined;
  fastImages: number | undefined;
  /** `reference`: only the reference section. */
  section: 'backends' | 'reference';
  json: boolean;
  grid: number;
  presets: ReferencePreset[];
}

function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      backend: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      'fast-limit': { type: 'string' },
      'fast-images': { type: 'string' },
      section: { type: 'string' },
      json: { type: 'boolean', default: false },
      grid: { type: 'string', default: '51' },
      preset: { type: 'string', multiple: true },
    },
  });
  const section = values.section ?? 'backends';
  if (section !== 'backends' && section !== 'reference') throw new Error(`--section takes "reference" (or "backends", the default), not "${section}".`);
  if (values.json && section !== 'reference') throw new Error('--json is for --section reference.');
  const grid = Number(values.grid);
  if (!(Number.isInteger(grid) && grid >= 2 && grid <= 201)) throw new Error(`--grid takes a whole number from 2 to 201, got "${values.grid}".`);
  const presets = (values.preset ?? [...REFERENCE_PRESETS]).flatMap((p) => p.split(','));
  for (const p of presets) if (!(REFERENCE_PRESETS as readonly string[]).includes(p)) throw new Error(`--preset takes ${REFERENCE_PRESETS.join(', ')}, not "${p}".`);
  const requested = (values.backend ?? []).flatMap((b) => b.split(','));
  for (const name of requested) {
    if (!isBackendName(name)) throw new Error(`Unknown backend "${name}". Choose from: ${BACKEND_NAMES.join(', ')}.`);
  }
  const limit = values['fast-limit'] === undefined ? undefined : Number(values['fast-limit']);
  if (limit !== undefined && !(limit > 0)) throw new Error(`--fast-limit takes seconds > 0, got "${values['fast-limit']}".`);
  const images = values['fast-images'] === undefined ? undefined : Number(values['fast-images']);
  if (images !== undefined && !(Number.isInteger(images) && images >= 1000 && images <= 60_000)) {
    throw new Error(`--fast-images takes a whole number from 1000 to 60000, got "${values['fast-images']}".`);
  }
  return {
    section,
    json: values.json ?? false,
    grid,
    presets: presets as ReferencePreset[],
    fastImages: images,
    backends: requested.length ? (requested as BackendName[]) : [...BACKEND_NAMES],
    forced: requested.length > 0,
    quick: values.quick ?? false,
    fastLimitSeconds: limit,
  };
}

/**
 * Other processes on the cores skew every timing (the pool's speed-up most):
 * the load average puts the numbers in context.
 */
function machineLoad(): string {
  const cores = availableParallelism();
  const [oneMinute] = loadavg();
  const busy = oneMinute > cores * 0.75 ? ' (busy: other processes share the cores, timings are noisy)' : '';
  return `load average ${oneMinute.toFixed(2)} on ${cores} cores${busy}`;
}

/** Runs one section; a failure is reported in the output and the summary instead of ending the bench. */
async function guarded(backend: string, name: string, summary: SummaryRow[], body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.log(`${name} failed: ${message}`);
    summary.push({ backend, measure: name, value: null, goal: null, note: `failed: ${message.slice(0, 80)}` });
  }
}

async function benchBackend(name: BackendName, options: BenchOptions, dir: string, summary: SummaryRow[], shared: { snapshot: BenchSnapshot | null }): Promise<void> {
  // Pool workers choose their backend from LAB_BACKEND; the previous backend's engines must go.
  workerPool.dispose();
  process.env.LAB_BACKEND = name;

  section(`${name}: engine (issue 2): forward and training step`);
  await guarded(name, 'engine', summary, async () => {
    const results = await benchEngine({ quick: options.quick });
    console.log(formatEngine(results));
    summary.push(...engineSummary(results));
  });

  section(`${name}: kernels (issue 2): replacements vs shipped`);
  await guarded(name, 'kernels', summary, async () => {
    const kernels = await benchKernelSection(options.quick);
    console.log(formatKernelSection(kernels));
    summary.push(...kernelSummary(kernels));
  });

  section(`${name}: surfaces (issue 3)`);
  await guarded(name, 'surfaces', summary, async () => {
    if (!shared.snapshot) {
      shared.snapshot = await trainBenchSnapshot(dir);
      const s = shared.snapshot;
      console.log(`bench model: quick preset, relu, 1 epoch on ${BENCH_TRAIN_IMAGES} MNIST images in ${fixed(s.trainSeconds, 1)} s on ${name}; test accuracy ${fixed((s.testAccuracy ?? NaN) * 100, 1)} %`);
    }
    const exact = await benchExactSurface(shared.snapshot, { quick: options.quick, dir });
    console.log(formatExactSurface(exact));
    summary.push(...exactSurfaceSummary(exact));
    console.log('\nfast mode:');
    const fast = await benchFastSurface(shared.snapshot, exact, { quick: options.quick, dir, limitSeconds: options.fastLimitSeconds, images: options.fastImages });
    console.log(formatFastSurface(fast));
    summary.push(...fastSurfaceSummary(fast));
  });
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.section === 'reference') {
    await runReferenceSection({ grid: options.grid, presets: options.presets, json: options.json });
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'lab-bench-'));
  const summary: SummaryRow[] = [];
  const shared: { snapshot: BenchSnapshot | null } = { snapshot: null };
  const started = performance.now();
  console.log(`Landscape Lab bench${options.quick ? ' (--quick: smaller sizes, a smoke run)' : ''}; backends: ${options.backends.join(', ')}`);
  const loadAtStart = machineLoad();
  console.log(loadAtStart);
  try {
    for (const name of options.backends) {
      let report;
      try {
        report = await chooseBackend(name);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (options.forced) throw error;
        console.log(`\n${name}: not available (${reason})`);
        summary.push({ backend: name, measure: 'backend', value: null, goal: null, note: `not available: ${reason.slice(0, 90)}` });
        continue;
      }
      console.log(`\nbackend: ${formatBackendReport(report)}`);
      await benchBackend(name, options, dir, summary, shared);
    }
  } finally {
    workerPool.dispose();
    await rm(dir, { recursive: true, force: true });
  }
  section('Summary');
  console.log(formatSummary(summary));
  console.log(`\nbench took ${fixed((performance.now() - started) / 1000, 0)} s; at the start: ${loadAtStart}; at the end: ${machineLoad()}`);
}

main().catch((error: unknown) => {
  workerPool.dispose();
  console.error(error);
  process.exitCode = 1;
});
