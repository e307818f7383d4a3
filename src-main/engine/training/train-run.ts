/**
 * Trains one network with Adam and two learning rates: the network weights
 * and the activation parameters are optimised separately (the study's
 * "high-low" rates, 1e-3 and 1e-5 by default).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Divergence, EpochRecord, NetworkSpec, TrainSettings } from '../../contract.ts';
import { isActivationWeightName } from '../activations/index.ts';
import { withoutInputGradientFor } from '../kernels/unneeded-input-gradient.ts';
import { isOptimisedWeight } from '../network/build-network.ts';
import { inputConvKernelShape } from '../network/input-conv-kernel.ts';
import { batchRanges, evaluateBatches, type LabelledBatch } from '../network/evaluate.ts';
import { correctCount, meanCrossEntropy } from '../network/loss.ts';
import { shuffledIndices } from '../data/seeded-random.ts';
import { BatchGatherer, yieldToEventLoop, type SplitView } from './batches.ts';
import { divergenceLimit, divergenceMessage, divergenceReason } from './divergence.ts';
import { readAllWeights, writeAllWeights } from './weights.ts';

export interface TrainingData {
  inputShape: [number, number, number];
  train: SplitView;
  test: SplitView;
}

export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  /** Mean training loss of the epoch so far. */
  loss: number;
  /** Loss of this batch alone. */
  batchLoss: number;
  examplesPerSecond: number;
}

export interface TrainCallbacks {
  onBatch?: (progress: BatchProgress) => void;
  onEpoch?: (record: EpochRecord) => void;
  /**
   * A checkpoint: the weights after `step` batches (0 = the initial weights), in `epoch` (the epoch
   * that step fell in; for checkpoints by epochs, the epochs finished).
   */
  onCheckpoint?: (epoch: number, weights: Float32Array, step: number) => void;
  /** Polled between batches; true stops the run within one batch. */
  shouldStop?: () => boolean;
}

export type TrainStatus = 'completed' | 'cancelled' | 'diverged';

export interface TrainOutcome {
  status: TrainStatus;
  /** Set when status is not `completed`: what happened, where, and what to try. */
  message: string | null;
  /** Where and how the run diverged, when status is `diverged`. */
  divergence: Divergence | null;
  history: EpochRecord[];
}

const EVALUATION_BATCH = 256;

/** Trains `model` in place. Tensors it creates are disposed; the model's weights are the result. */
export async function trainRun(
  model: tfl.LayersModel,
  data: TrainingData,
  network: NetworkSpec,
  settings: TrainSettings,
  callbacks: TrainCallbacks = {},
): Promise<TrainOutcome> {
  const optimised = model.weights.filter((w) => isOptimisedWeight(w.originalName, w.trainable, network));
  const weightVars = optimised.filter((w) => !isActivationWeightName(w.originalName)).map((w) => w.read() as tf.Variable);
  const activationVars = optimised.filter((w) => isActivationWeightName(w.originalName)).map((w) => w.read() as tf.Variable);
  const weightNames = new Set(weightVars.map((v) => v.name));
  const inputKernelShape = inputConvKernelShape(model);
  const weightOptimizer = tf.train.adam(settings.learningRate);
  const activationOptimizer = tf.train.adam(settings.activationLearningRate);
  const gatherer = new BatchGatherer(data.train, data.inputShape);
  const testGatherer = new BatchGatherer(data.test, data.inputShape);
  const testBatches: LabelledBatch[] = batchRanges(data.test.count, EVALUATION_BATCH).map(([s, e]) => testGatherer.range(s, e));
  const history: EpochRecord[] = [];
  const limit = divergenceLimit(model.outputs[0].shape.at(-1) ?? 2);
  let lastGood = readAllWeights(model);
  const every = settings.checkpointEvery;
  const bySteps = settings.checkpointUnit === 'steps';
  let step = 0;
  let lastCheckpointStep = 0;
  const checkpoint = (epoch: number, weights: Float32Array): void => {
    lastCheckpointStep = step;
    callbacks.onCheckpoint?.(epoch, weights, step);
  };
  checkpoint(0, lastGood);

  const finish = (status: TrainStatus, message: string | null, divergence: Divergence | null = null): TrainOutcome => {
    tf.dispose(testBatches.flatMap((b) => [b.x, b.y]));
    weightOptimizer.dispose();
    activationOptimizer.dispose();
    return { status, message, divergence, history };
  };

  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    const started = performance.now();
    const order = shuffledIndices(data.train.count, settings.seed * 100_003 + epoch);
    const ranges = batchRanges(data.train.count, settings.batchSize);
    let lossSum = 0;
    let correctSum = 0;
    let seen = 0;
    for (let b = 0; b < ranges.length; b++) {
      await yieldToEventLoop();
      if (callbacks.shouldStop?.()) return finish('cancelled', `Cancelled during epoch ${epoch}, batch ${b + 1} of ${ranges.length}.`);
      const [start, end] = ranges[b];
      const { x, y } = gatherer.gather(order, start, end);
      let correct: tf.Scalar | null = null;
      // The first convolution's input gradient is not needed (its input is the data): skip it.
      const { value, grads } = withoutInputGradientFor(inputKernelShape, () =>
        tf.variableGrads(() => {
          const logits = model.apply(x, { training: true }) as tf.Tensor2D;
          correct = tf.keep(correctCount(logits, y));
          return meanCrossEntropy(logits, y);
        }, [...weightVars, ...activationVars]),
      );
      const [loss, correctCountValue] = [(await value.data())[0], (await correct!.data())[0]];
      const reason = divergenceReason(loss, limit);
      if (reason !== null) {
        // Checked before the update: the model never takes a step from a diverged loss.
        tf.dispose([x, y, value, correct!, ...Object.values(grads)]);
        writeAllWeights(model, lastGood);
        const divergence: Divergence = { epoch, step: b + 1, loss, limit, reason, keptEpoch: epoch - 1 };
        return finish('diverged', divergenceMessage(divergence, ranges.length), divergence);
      }
      const weightGrads: Array<{ name: string; tensor: tf.Tensor }> = [];
      const activationGrads: Array<{ name: string; tensor: tf.Tensor }> = [];
      for (const [name, tensor] of Object.entries(grads)) (weightNames.has(name) ? weightGrads : activationGrads).push({ name, tensor });
      weightOptimizer.applyGradients(weightGrads);
      if (activationVars.length) activationOptimizer.applyGradients(activationGrads);
      tf.dispose([x, y, value, correct!, ...Object.values(grads)]);
      const n = end - start;
      lossSum += loss * n;
      correctSum += correctCountValue;
      seen += n;
      step++;
      if (bySteps && every > 0 && step % every === 0) checkpoint(epoch, readAllWeights(model));
      callbacks.onBatch?.({
        epoch,
        batch: b + 1,
        batches: ranges.length,
        loss: lossSum / seen,
        batchLoss: loss,
        examplesPerSecond: seen / ((performance.now() - started) / 1000),
      });
    }
    const test = await evaluateBatches(model, testBatches);
    const record: EpochRecord = {
      epoch,
      trainLoss: lossSum / seen,
      trainAccuracy: correctSum / seen,
      testLoss: test.loss,
      testAccuracy: test.accuracy,
      activationParams: activationParameterValues(model),
      seconds: (performance.now() - started) / 1000,
    };
    history.push(record);
    callbacks.onEpoch?.(record);
    lastGood = readAllWeights(model);
    const isLast = epoch === settings.epochs;
    const due = bySteps ? isLast && lastCheckpointStep !== step : isLast || (every > 0 && epoch % every === 0);
    if (due) checkpoint(epoch, lastGood);
  }
  return finish('completed', null);
}

/** Current values of every activation parameter, by weight name (`act1/z`). */
export function activationParameterValues(model: tfl.LayersModel): Record<string, number[]> {
  const values: Record<string, number[]> = {};
  for (const weight of model.weights) {
    if (isActivationWeightName(weight.originalName)) values[weight.originalName] = Array.from(weight.read().dataSync());
  }
  return values;
}
