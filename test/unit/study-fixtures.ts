/**
 * Synthetic study snapshots with numbers chosen by the test: runs whose
 * test accuracies and parameter counts are given, and surfaces whose metrics
 * are given, so a report's verdicts can be predicted (and flipped) by hand.
 */
import {
  RunSpecSchema,
  SurfaceRecipeSchema,
  type RunData,
  type Snapshot,
  type StudyRecord,
  type StudyScale,
  type SurfaceData,
  type SurfaceMetrics,
} from '../../src-main/contract.ts';
import { runIdOf } from '../../src-main/engine/study/expand-study.ts';
import type { StudyDefinition, SurfaceDirection } from '../../src-main/engine/study/study-types.ts';

export interface RunNumbers {
  /** Final test accuracy, %. The history is three epochs ending there. */
  final: number;
  /** Test accuracy after the first epoch, % (default: final − 10). */
  first?: number;
  trainable?: number;
  total?: number;
  /** Trained activation parameter values by weight name (`act1/z`). */
  params?: Record<string, number>;
}

export interface SurfaceNumbers {
  roughness: number;
  sharpness: number;
  hessianTop: number;
  /** The plane's direction seed (default 0): several per model are its random planes. */
  directionSeed?: number;
  /** Hessian plane: its two eigenvalues and their residuals. */
  eigen?: { values: [number, number]; residuals: [number, number] };
  /** Evolution frame: the checkpoint's epoch. */
  epoch?: number;
}

export function syntheticRun(definition: StudyDefinition, configId: string, seed: number, numbers: RunNumbers): RunData {
  const config = definition.configurations.find((c) => c.id === configId)!;
  const first = numbers.first ?? numbers.final - 10;
  const accuracies = [first, (first + numbers.final) / 2, numbers.final];
  const activationParams = Object.fromEntries(Object.entries(numbers.params ?? {}).map(([name, value]) => [name, [value]]));
  return {
    spec: RunSpecSchema.parse({
      id: runIdOf(configId, seed),
      label: `${config.label} · seed ${seed}`,
      activation: { name: config.activation },
      network: { preset: 'tiny', batchNorm: config.batchNorm, bnAffine: config.bnAffine ?? 'trainable', dropout: config.dropout },
      train: { epochs: 3, batchSize: 32, learningRate: config.learningRate, activationLearningRate: config.activationLearningRate, seed, checkpointEvery: 0 },
    }),
    status: 'completed',
    message: null,
    parameterCounts: { trainable: numbers.trainable ?? 1000, total: numbers.total ?? numbers.trainable ?? 1000, activation: 0 },
    history: accuracies.map((acc, i) => ({
      epoch: i + 1,
      trainLoss: 1 / (i + 1),
      trainAccuracy: acc / 100,
      testLoss: 1.2 / (i + 1),
      testAccuracy: acc / 100,
      activationParams,
      seconds: 1,
    })),
    checkpointEpochs: [],
    weightNames: [],
    weightShapes: [],
    trainedSeconds: 3,
    backend: { chosen: 'cpu', description: 'cpu' },
    model: { modelJson: {}, weightData: new Uint8Array() },
    checkpoints: [],
  };
}

/** A 5×5 bowl around the centre, with the metrics the test chose. */
export function syntheticSurface(runId: string, direction: SurfaceDirection, numbers: SurfaceNumbers): SurfaceData {
  const recipe = SurfaceRecipeSchema.parse({
    direction,
    seed: numbers.directionSeed ?? 0,
    ...(numbers.epoch === undefined ? {} : { checkpoint: { epoch: numbers.epoch, renormalise: false } }),
    x: { min: -1, max: 1, num: 5 },
    y: direction === 'act-param' ? { min: 0.2, max: 1, num: 5 } : { min: -1, max: 1, num: 5 },
    ...(direction === 'act-param' ? { activationParam: 'z' } : {}),
    evaluation: { count: 64 },
  });
  const xs = [-1, -0.5, 0, 0.5, 1];
  const ys = direction === 'act-param' ? [0.2, 0.4, 0.6, 0.8, 1] : xs;
  const loss = new Float32Array(25);
  ys.forEach((y, j) => xs.forEach((x, i) => (loss[j * 5 + i] = 0.1 + x * x + (y - ys[2]) ** 2 + numbers.roughness * ((i + j) % 2))));
  const metrics: SurfaceMetrics = {
    centre: { loss: 0.1, accuracy: 0.97 },
    minimum: { loss: 0.1, x: 0, y: ys[2], offset: 0, centreIsMinimum: true },
    curvature: { x: 2, y: 2 },
    sharpness: { epsilon: 0.5, value: numbers.sharpness },
    basin: { belowTwiceCentre: 0.2, threshold: null, belowThreshold: null },
    roughness: { laplacian: numbers.roughness, localMinima: 1 },
    hessian: { topEigenvalue: numbers.hessianTop, powerIterations: 8, trace: 3 * numbers.hessianTop, traceSamples: 4 },
    nonFinitePoints: 0,
    warnings: [],
  };
  return {
    id: `${runId}.${direction}.${String(numbers.directionSeed ?? 0).padStart(4, '0')}${String(numbers.epoch ?? 0).padStart(4, '0')}`,
    runId,
    label: `${runId} · ${direction}`,
    recipe,
    xCoordinates: xs,
    yCoordinates: ys,
    arrays: ['trainLoss', 'trainAccuracy'],
    completedPoints: 25,
    metrics,
    pca: null,
    hessianPlane: numbers.eigen
      ? { eigenvalues: numbers.eigen.values, residuals: numbers.eigen.residuals, lanczosSteps: 12, products: 24, parameters: 900, examples: 64, length: 3, method: 'Lanczos (test)' }
      : null,
    measuredError: null,
    timing: { seconds: 1, workers: 1, backend: 'cpu' },
    createdAt: '2026-01-01T00:00:00.000Z',
    values: { trainLoss: loss, trainAccuracy: new Float32Array(25).fill(0.9) },
    done: new Uint8Array(25).fill(1),
  };
}

export function studyRecord(definition: StudyDefinition, scale: StudyScale, seeds: number[]): StudyRecord {
  return {
    name: definition.name,
    scale,
    seeds,
    workers: 2,
    startedAt: '2026-01-01T00:00:00.000Z',
    seconds: { total: 125.5, training: 200, surfaces: 40 },
    machine: { cpuModel: 'Test CPU', cores: 2, memoryGiB: 8, platform: 'linux x64', node: 'v20.0.0' },
    backend: 'cpu',
  };
}

/** A snapshot of `definition` with the given runs (by configuration: one entry per seed) and surfaces. */
export function syntheticSnapshot(
  definition: StudyDefinition,
  runs: Record<string, RunNumbers[]>,
  options: { scale?: StudyScale; surfaces?: Array<{ config: string; seed: number; direction: SurfaceDirection } & SurfaceNumbers> } = {},
): Snapshot {
  const seeds = Math.max(...Object.values(runs).map((r) => r.length));
  const runData = definition.configurations.flatMap((c) => (runs[c.id] ?? []).map((numbers, i) => syntheticRun(definition, c.id, i + 1, numbers)));
  const surfaces = (options.surfaces ?? []).map((s) => syntheticSurface(runIdOf(s.config, s.seed), s.direction, s));
  return {
    appVersion: '0.1.0-test',
    header: {
      name: `${definition.name} test`,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      data: { source: 'mnist', trainLimit: 4000, testLimit: 2000, subsetSeed: 0, downsample: 2 },
      dataIdentity: { source: 'mnist', sha256: 'f'.repeat(64), trainCount: 4000, testCount: 2000, inputShape: [14, 14, 1], numClasses: 10, classNames: [] },
      runIds: runData.map((r) => r.spec.id),
      surfaceIds: surfaces.map((s) => s.id),
      study: studyRecord(definition, options.scale ?? 'quick', Array.from({ length: seeds }, (_, i) => i + 1)),
    },
    runs: runData,
    surfaces,
  };
}
