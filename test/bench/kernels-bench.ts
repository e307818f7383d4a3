/**
 * Times the kernels TF.js 4.22 ships against Landscape Lab's replacements,
 * side by side in one run, on the shapes a small CNN trains with at batch 64,
 * and times one full training step on wasm.
 *
 *   npx tsx test/bench/kernels-bench.ts               wasm table + training step, then cpu table
 *   npx tsx test/bench/kernels-bench.ts --backend cpu one backend only
 *   npx tsx test/bench/kernels-bench.ts --no-train    skip the training step
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';
import { pathToFileURL } from 'node:url';
import { chooseBackend } from '../../src-main/engine/backend.ts';
import type { ReplaceableKernel } from '../../src-main/engine/kernels/register-training-kernels.ts';
import {
  buildReplacement,
  invokeKernel,
  plannedReplacements,
  shippedKernel,
} from '../../src-main/engine/kernels/register-training-kernels.ts';

export interface KernelBenchRow {
  backend: string;
  kernel: string;
  shape: string;
  /** Null where TF.js ships no such kernel for this backend, or a --quick run skipped it. */
  shippedMs: number | null;
  /** Whether TF.js ships this kernel for this backend. */
  shippedExists: boolean;
  replacementMs: number;
  /** shippedMs / replacementMs; null without a shipped kernel. */
  speedup: number | null;
  /** Whether registerTrainingKernels registers this replacement here. */
  registered: boolean;
}

interface KernelCase {
  kernel: ReplaceableKernel;
  label: string;
  shape: string;
  inputs: () => Record<string, Tensor>;
  attrs: NamedAttrMap;
}

function convCases(x: [number, number, number, number], f: [number, number, number, number]): KernelCase[] {
  const dy: [number, number, number, number] = [x[0], x[1], x[2], f[3]];
  const shape = `x [${x}] filter ${f[0]}×${f[1]}×${f[2]}×${f[3]} same`;
  const common = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC' };
  return [
    {
      kernel: tf.Conv2DBackpropFilter,
      label: tf.Conv2DBackpropFilter,
      shape,
      inputs: () => ({ x: tf.randomNormal(x), dy: tf.randomNormal(dy) }),
      attrs: { ...common, filterShape: f },
    },
    {
      kernel: tf.Conv2DBackpropInput,
      label: tf.Conv2DBackpropInput,
      shape,
      inputs: () => ({ dy: tf.randomNormal(dy), filter: tf.randomNormal(f) }),
      attrs: { ...common, inputShape: x },
    },
  ];
}

/**
 * A dense layer's backward pass: the weight gradient xᵀ · dy (transposeA)
 * and the input gradient dy · Wᵀ (transposeB). Rank 3, as the matMul ops
 * reshape to before running the kernel (wasm's fused kernel reads a.shape[2]
 * unchecked).
 */
function matMulCases(batch: number, inUnits: number, outUnits: number): KernelCase[] {
  const weightGrad = {
    flag: 'transposeA',
    shape: `a [${batch},${inUnits}]ᵀ · b [${batch},${outUnits}]`,
    inputs: () => ({ a: tf.randomNormal([1, batch, inUnits]), b: tf.randomNormal([1, batch, outUnits]) }),
    attrs: { transposeA: true, transposeB: false, activation: 'linear' },
  };
  const inputGrad = {
    flag: 'transposeB',
    shape: `a [${batch},${outUnits}] · b [${inUnits},${outUnits}]ᵀ`,
    inputs: () => ({ a: tf.randomNormal([1, batch, outUnits]), b: tf.randomNormal([1, inUnits, outUnits]) }),
    attrs: { transposeA: false, transposeB: true, activation: 'linear' },
  };
  const kernels: ReplaceableKernel[] = [tf.BatchMatMul, tf._FusedMatMul];
  return [weightGrad, inputGrad].flatMap(({ flag, ...c }) =>
    kernels.map((kernel) => ({ kernel, label: `${kernel} (${flag})`, ...c })),
  );
}

/** 2×2 max-pooling's input gradient, as after each conv block of the presets. */
function poolCase(x: [number, number, number, number]): KernelCase {
  const out: [number, number, number, number] = [x[0], x[1] / 2, x[2] / 2, x[3]];
  return {
    kernel: tf.MaxPoolGrad,
    label: tf.MaxPoolGrad,
    shape: `x [${x}] 2×2 stride 2`,
    inputs: () => {
      const input = tf.randomNormal(x);
      return { dy: tf.randomNormal(out), input, output: tf.maxPool(input as tf.Tensor4D, 2, 2, 'valid') };
    },
    attrs: { filterSize: 2, strides: 2, pad: 'valid' },
  };
}

/** The ≈612 k-parameter MNIST CNN's shapes (see buildMnistCnn). */
const SMALL_CNN_CASES: KernelCase[] = [
  ...convCases([64, 28, 28, 16], [5, 5, 16, 32]),
  ...matMulCases(64, 3136, 178),
  poolCase([64, 28, 28, 32]),
  poolCase([64, 14, 14, 64]),
];

/** The seed preset's shapes (16×16×3 input, 192 channels, dense 3072 → 1256). */
const SEED_CASES: KernelCase[] = [
  ...convCases([64, 16, 16, 3], [5, 5, 3, 192]),
  ...matMulCases(64, 3072, 1256),
  poolCase([64, 16, 16, 192]),
  poolCase([64, 8, 8, 192]),
];

/**
 * Median time of `run` in ms. The first call warms caches (XNNPACK builds an
 * operator per filter) and is not counted, unless it alone took seconds:
 * then it is the measurement, so the cpu's ~40 s kernel runs once.
 */
function timeMs(run: () => void, budgetMs = 3000, maxRuns = 7): number {
  let start = performance.now();
  run();
  const first = performance.now() - start;
  if (first > 2000) return first;
  const times: number[] = [];
  const deadline = performance.now() + budgetMs;
  while (times.length < maxRuns && (times.length < 3 || performance.now() < deadline)) {
    start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export interface KernelBenchOptions {
  /**
   * A smoke run: the small CNN's shapes only, shorter timing, and no shipped
   * kernel timed where the replacement alone takes over half a second (cpu's
   * shipped Conv2DBackpropFilter takes minutes).
   */
  quick?: boolean;
}

const QUICK_SHIPPED_LIMIT_MS = 500;

/** Shipped vs replacement for every case, on the current backend. */
export async function benchKernels(options: KernelBenchOptions = {}): Promise<KernelBenchRow[]> {
  const backend = tf.getBackend();
  const rows: KernelBenchRow[] = [];
  const [budgetMs, maxRuns] = options.quick ? [500, 3] : [3000, 7];
  for (const c of options.quick ? SMALL_CNN_CASES : [...SMALL_CNN_CASES, ...SEED_CASES]) {
    const shipped = shippedKernel(c.kernel, backend);
    const replacement = buildReplacement(c.kernel, backend, shipped);
    if (!replacement) continue;
    const inputs = c.inputs();
    const once = (config: NonNullable<typeof shipped>) => () => {
      const out = invokeKernel(config, inputs, c.attrs);
      out.dataSync(); // wasm and cpu are synchronous; this only guards against a lazy backend
      out.dispose();
    };
    const replacementMs = timeMs(once(replacement), budgetMs, maxRuns);
    const skipShipped = options.quick && replacementMs > QUICK_SHIPPED_LIMIT_MS;
    const shippedMs = shipped && !skipShipped ? timeMs(once(shipped), budgetMs, maxRuns) : null;
    tf.dispose(inputs);
    rows.push({
      backend,
      kernel: c.label,
      shape: c.shape,
      shippedMs,
      shippedExists: shipped !== null,
      replacementMs,
      speedup: shippedMs === null ? null : shippedMs / replacementMs,
      registered: plannedReplacements(backend).includes(c.kernel),
    });
    await tf.nextFrame();
  }
  return rows;
}

/**
 * A ≈612 k-parameter MNIST CNN: conv 5×5×32 same → maxpool → conv 5×5×64
 * same → maxpool → dense 178 → dense 10 (612,272 parameters).
 */
function buildMnistCnn(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 178, activation: 'relu' }),
      tfl.layers.dense({ units: 10 }),
    ],
  });
}

export interface TrainStepBench {
  backend: string;
  parameters: number;
  batch: number;
  /** Median of the timed steps. */
  stepMs: number;
  /** Fastest timed step: the better guide when other processes share the cores. */
  bestMs: number;
  /** Kernels by total time in one profiled step, slowest first. */
  topKernels: { kernel: string; ms: number }[];
}

/** One Adam step (forward, tf.variableGrads, update) on the current backend. */
export async function benchTrainStep(batch = 64, steps = 5): Promise<TrainStepBench> {
  const model = buildMnistCnn();
  const optimizer = tf.train.adam(1e-3);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const xs = tf.randomNormal([batch, 28, 28, 1]);
  const ys = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32') as tf.Tensor1D, 10);
  const step = () => {
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as Tensor) as tf.Scalar,
      vars,
    );
    optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    value.dataSync();
    tf.dispose([value, grads]);
  };
  step();
  step();
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    step();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const profile = await tf.profile(step);
  const byKernel = new Map<string, number>();
  for (const k of profile.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  const topKernels = [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([kernel, ms]) => ({ kernel, ms }));
  const result = { backend: tf.getBackend(), parameters: model.countParams(), batch, stepMs: times[Math.floor(steps / 2)], bestMs: times[0], topKernels };
  tf.dispose([xs, ys]);
  optimizer.dispose();
  model.dispose();
  return result;
}

export function formatKernelRows(rows: readonly KernelBenchRow[]): string {
  const ms = (v: number | null, exists: boolean) => (v !== null ? `${v.toFixed(1)} ms` : exists ? 'skipped (--quick)' : 'not shipped');
  const table = rows.map((r) => [
    r.kernel,
    r.shape,
    ms(r.shippedMs, r.shippedExists),
    ms(r.replacementMs, true),
    r.speedup === null ? '—' : `${r.speedup.toFixed(2)}×`,
    r.registered ? 'yes' : 'no',
  ]);
  const header = ['kernel', 'shape', 'shipped', 'replacement', 'speedup', 'registered'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  return [header, ...table].map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.includes('--backend') ? args[args.indexOf('--backend') + 1] : null;
  const backends = only ? [only] : ['wasm', 'cpu'];
  for (const name of backends) {
    await chooseBackend(name);
    console.log(`\n${tf.getBackend()} kernels, shipped vs replacement (median ms):`);
    console.log(formatKernelRows(await benchKernels()));
    if (name === 'wasm' && !args.includes('--no-train')) {
      const t = await benchTrainStep();
      console.log(`\nTraining step on ${t.backend}: ${t.parameters.toLocaleString('en')}-parameter CNN, batch ${t.batch}: ${(t.stepMs / 1000).toFixed(3)} s median, ${(t.bestMs / 1000).toFixed(3)} s best`);
      console.log(`  slowest kernels in one step: ${t.topKernels.map((k) => `${k.kernel} ${k.ms.toFixed(1)} ms`).join(', ')}`);
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
