/**
 * Issue 2's engine numbers on the current backend: forward images/s at
 * batch 128, the real training step at batch 64 (trainRun itself: gather,
 * tf.variableGrads, two Adam optimisers, the loss read back), and the ratio
 * train-step ÷ forward of the same batch, for the `quick` and `seed` presets
 * on synthetic data of the shapes they are built for.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { NetworkSpecSchema, TrainSettingsSchema, type NetworkSpec, type PresetName } from '../../src-main/contract.ts';
import { buildNetwork, countParameters } from '../../src-main/engine/network/build-network.ts';
import { trainRun, type TrainingData } from '../../src-main/engine/training/train-run.ts';
import type { SplitView } from '../../src-main/engine/training/batches.ts';
import { fixed, formatTable, ms, summarise, timeRuns, type SummaryRow, type Timing, type TimingOptions } from './bench-report.ts';

export interface EngineBenchOptions {
  /** Fewer timed runs and steps (a smoke run). */
  quick: boolean;
}

export interface EngineResult {
  backend: string;
  /** Set when the preset was not measured here, and why. */
  skipped: string | null;
  preset: PresetName;
  inputShape: [number, number, number];
  parameters: number;
  forward128: Timing;
  imagesPerSecond: number;
  forward64: Timing;
  trainStep64: Timing;
  /** trainStep64 ÷ forward64, medians. */
  ratio: number;
  /** The same from the fastest runs: steadier when other processes share the cores. */
  bestRatio: number;
}

const PRESETS: Array<{ preset: PresetName; inputShape: [number, number, number] }> = [
  { preset: 'quick', inputShape: [28, 28, 1] },
  { preset: 'seed', inputShape: [16, 16, 3] },
];
const FORWARD_BATCH = 128;
const TRAIN_BATCH = 64;
/** Steps trainRun takes before timing starts (XNNPACK operator set-up, JIT). */
const WARM_STEPS = 2;
/**
 * A forward pass of 8 images slower than this marks a slow backend/preset
 * pair (cpu runs the seed preset's 192-channel convolutions at 2–6 images/s):
 * it is timed once per measure, and skipped in a --quick run.
 */
const SLOW_PROBE_MS = 300;

/** Deterministic standard-normal-ish inputs and uniform labels: speed does not depend on the values. */
function syntheticSplit(count: number, inputShape: [number, number, number], seed: number): SplitView {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const size = inputShape[0] * inputShape[1] * inputShape[2];
  const x = new Float32Array(count * size).map(() => (next() + next() + next() - 1.5) * 2);
  const y = new Uint8Array(count).map(() => Math.floor(next() * 10));
  return { x, y, count };
}

type Pace = 'quick' | 'full' | 'slow';
const FORWARD_TIMING: Record<Pace, TimingOptions> = {
  quick: { warmup: 2, minRuns: 3, budgetMs: 1500 },
  full: { warmup: 2, minRuns: 5, budgetMs: 4000 },
  slow: { warmup: 0, minRuns: 1, maxRuns: 1 },
};

function timeForward(model: tfl.LayersModel, inputShape: [number, number, number], batch: number, pace: Pace): Timing {
  const x = tf.randomNormal([batch, ...inputShape]);
  try {
    return timeRuns(() => {
      const logits = tf.tidy(() => model.apply(x, { training: false }) as tf.Tensor);
      logits.dataSync();
      logits.dispose();
    }, FORWARD_TIMING[pace]);
  } finally {
    x.dispose();
  }
}

/** Times trainRun's own steps: the interval between consecutive batch callbacks, after the warm-up steps. */
async function timeTrainSteps(model: tfl.LayersModel, network: NetworkSpec, inputShape: [number, number, number], pace: Pace, preset: PresetName): Promise<Timing> {
  const warm = pace === 'slow' ? 1 : WARM_STEPS;
  const steps = pace === 'slow' ? 1 : pace === 'quick' ? 3 : preset === 'seed' ? 5 : 8;
  const data: TrainingData = {
    inputShape,
    train: syntheticSplit(TRAIN_BATCH * (warm + steps), inputShape, 1),
    // trainRun evaluates the test split after the epoch; a few images keep that out of the way.
    test: syntheticSplit(8, inputShape, 2),
  };
  const settings = TrainSettingsSchema.parse({ epochs: 1, batchSize: TRAIN_BATCH, checkpointEvery: 0 });
  const stamps: number[] = [];
  const outcome = await trainRun(model, data, network, settings, { onBatch: () => stamps.push(performance.now()) });
  if (outcome.status !== 'completed') throw new Error(`Training for the bench stopped: ${outcome.message}`);
  const durations = stamps.slice(warm).map((t, i) => t - stamps[warm - 1 + i]);
  return summarise(durations);
}

export async function benchEngine(options: EngineBenchOptions): Promise<EngineResult[]> {
  const results: EngineResult[] = [];
  for (const { preset, inputShape } of PRESETS) {
    const network = NetworkSpecSchema.parse({ preset });
    const model = buildNetwork({ inputShape, numClasses: 10, activation: { name: 'relu', scope: 'layer' }, network });
    try {
      const probe = timeForward(model, inputShape, 8, 'slow').medianMs;
      const slow = probe > SLOW_PROBE_MS;
      if (slow && options.quick) {
        results.push(skippedResult(preset, inputShape, countParameters(model, network).trainable, `skipped in --quick: a forward pass of 8 images took ${(probe / 1000).toFixed(1)} s`));
        continue;
      }
      const pace: Pace = slow ? 'slow' : options.quick ? 'quick' : 'full';
      const forward128 = timeForward(model, inputShape, FORWARD_BATCH, pace);
      const forward64 = timeForward(model, inputShape, TRAIN_BATCH, pace);
      const trainStep64 = await timeTrainSteps(model, network, inputShape, pace, preset);
      results.push({
        backend: tf.getBackend(),
        skipped: null,
        preset,
        inputShape,
        parameters: countParameters(model, network).trainable,
        forward128,
        imagesPerSecond: (FORWARD_BATCH / forward128.medianMs) * 1000,
        forward64,
        trainStep64,
        ratio: trainStep64.medianMs / forward64.medianMs,
        bestRatio: trainStep64.bestMs / forward64.bestMs,
      });
    } finally {
      model.dispose();
    }
  }
  return results;
}

function skippedResult(preset: PresetName, inputShape: [number, number, number], parameters: number, why: string): EngineResult {
  const none: Timing = { medianMs: NaN, bestMs: NaN, runs: 0 };
  return { backend: tf.getBackend(), skipped: why, preset, inputShape, parameters, forward128: none, imagesPerSecond: NaN, forward64: none, trainStep64: none, ratio: NaN, bestRatio: NaN };
}

export function formatEngine(results: readonly EngineResult[]): string {
  const header = ['preset', 'input', 'params', 'forward b128', 'images/s', 'forward b64', 'train step b64 (median / best)', 'train ÷ forward (median / best)'];
  return formatTable(
    header,
    results.map((r) => [r.preset, r.inputShape.join('×'), r.parameters.toLocaleString('en'), ...(r.skipped ? [r.skipped] : measuredCells(r))]),
  );
}

function measuredCells(r: EngineResult): string[] {
  const steps = `${r.trainStep64.runs} step${r.trainStep64.runs === 1 ? '' : 's'}`;
  return [
    ms(r.forward128.medianMs),
    fixed(r.imagesPerSecond, 0),
    ms(r.forward64.medianMs),
    `${ms(r.trainStep64.medianMs)} / ${ms(r.trainStep64.bestMs)} (${steps})`,
    `${fixed(r.ratio, 2)}× / ${fixed(r.bestRatio, 2)}×`,
  ];
}

/** The goal (≤ 4) is issue 2's for wasm; other backends' ratios are shown for context. */
export function engineSummary(results: readonly EngineResult[]): SummaryRow[] {
  return results.flatMap((r): SummaryRow[] => {
    if (r.skipped) return [{ backend: r.backend, measure: `${r.preset}: engine`, value: null, goal: null, note: r.skipped }];
    return [
      { backend: r.backend, measure: `${r.preset}: forward images/s (b128)`, value: r.imagesPerSecond, goal: null },
      { backend: r.backend, measure: `${r.preset}: train step (b64)`, value: r.trainStep64.medianMs, goal: null, unit: ' ms' },
      {
        backend: r.backend,
        measure: `${r.preset}: train step ÷ forward (b64)`,
        value: r.ratio,
        goal: r.backend === 'wasm' ? { op: '<=', target: 4 } : null,
        unit: '×',
        note: `medians; fastest runs: ${fixed(r.bestRatio, 2)}×`,
      },
    ];
  });
}
