/**
 * What a scale means for a study: the data, the network preset, how long to
 * train, how many seeds, and how big the surfaces are. The comparisons
 * (activations, BN, dropout, learning rates) are the study's at every scale;
 * only the size of the experiment changes.
 */
import type { DataSpec, PresetName, StudyScale } from '../../contract.ts';

export interface HessianSettings {
  /** Power iterations for the top eigenvalue. */
  iterations: number;
  /** Hutchinson samples for the trace. */
  samples: number;
  /** Examples of the evaluation subset the Hessian is taken over. */
  examples: number;
}

export interface SurfaceScale {
  /** Points per axis. */
  grid: number;
  /** Examples of the fixed, seeded evaluation subset of the training split. */
  evalCount: number;
  evalBatch: number;
  /** `act-param` surfaces: the parameter's values on the y axis. */
  actParamRange: [number, number];
  hessian: HessianSettings | false;
  /**
   * Random planes per trained model (direction seeds 0 … K − 1): each random-direction metric is then a
   * mean over K planes with a spread. 1 where a scale must stay tiny: the direction noise is then not measured.
   */
  directionSeeds: number;
}

export interface ScaleSettings {
  scale: StudyScale;
  /** One sentence for the report: what this scale is and what it is for. */
  description: string;
  data: Partial<DataSpec> & Pick<DataSpec, 'source'>;
  preset: PresetName;
  epochs: number;
  batchSize: number;
  /** Seeds per configuration unless the caller asks for another number. */
  seeds: number;
  /** Checkpoint every k epochs for runs that get a PCA surface (the others keep only start and end). */
  pcaCheckpointEvery: number;
  surface: SurfaceScale;
  /** A GPU job: the app warns before starting it. */
  needsGpu: boolean;
}

export const STUDY_SCALES: Record<StudyScale, ScaleSettings> = {
  quick: {
    scale: 'quick',
    description:
      'Built-in MNIST downsampled to 14×14, a 2 400-image training subset and a 1 000-image test subset, the `tiny` network, 4 epochs of batch 32 (300 steps): ' +
      'the study’s comparisons at a size where all four studies finish on a 2-core CPU in well under 20 minutes.',
    data: { source: 'mnist', trainLimit: 2400, testLimit: 1000, subsetSeed: 0, downsample: 2 },
    preset: 'tiny',
    epochs: 4,
    // Steps, not examples, set the cost on wasm (per-op overhead dominates a network this small), and the time
    // budget allows about 300 per run. Batches of 32 make those 300 steps cover 2 400 images four times and let
    // BN's moving averages (momentum 0.99) forget their start to 5%; 250 steps of 64 left 8% and depressed every
    // BN network's test accuracy. 400 steps narrowed the seeds' spread but ran past 20 minutes on a busy machine.
    batchSize: 32,
    seeds: 3,
    pcaCheckpointEvery: 1,
    surface: { grid: 11, evalCount: 256, evalBatch: 256, actParamRange: [0.1, 1], hessian: { iterations: 6, samples: 3, examples: 192 }, directionSeeds: 3 },
    needsGpu: false,
  },
  full: {
    scale: 'full',
    description:
      'CIFAR-10 downsampled to 16×16 and standardised per channel, the `seed` network (the study’s Table 1, ≈4.8 M parameters), ' +
      'the whole training and test sets, 30 epochs: the study’s own setting, a GPU job.',
    data: { source: 'cifar10', subsetSeed: 0, downsample: 2 },
    preset: 'seed',
    epochs: 30,
    batchSize: 64,
    seeds: 3,
    // Checkpoints of a 4.8 M-parameter network are 19 MB each: every fifth epoch keeps the snapshot near a gigabyte.
    pcaCheckpointEvery: 5,
    surface: { grid: 25, evalCount: 2000, evalBatch: 500, actParamRange: [0.1, 1], hessian: { iterations: 20, samples: 10, examples: 512 }, directionSeeds: 3 },
    needsGpu: true,
  },
  tiny: {
    scale: 'tiny',
    description: 'A few hundred MNIST images, the `tiny` network, 2 epochs, 5×5 surfaces: a smoke test of the pipeline, not a result.',
    data: { source: 'mnist', trainLimit: 256, testLimit: 128, subsetSeed: 0, downsample: 2 },
    preset: 'tiny',
    epochs: 2,
    batchSize: 64,
    seeds: 1,
    pcaCheckpointEvery: 1,
    surface: { grid: 5, evalCount: 64, evalBatch: 64, actParamRange: [0.2, 1], hessian: { iterations: 2, samples: 1, examples: 64 }, directionSeeds: 1 },
    needsGpu: false,
  },
};
