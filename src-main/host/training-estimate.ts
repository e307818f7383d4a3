/**
 * An honest cost estimate before Start: it times real training steps of each
 * distinct run configuration on this machine's engine (two short epochs of
 * three batches on the experiment's own data; the first warms up kernels and
 * is discarded) and scales the second epoch to the experiment's size. Timings
 * are remembered per configuration until the engine restarts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EpochRecord, ExperimentSpec, RunSpec } from '../contract.ts';
import type { EngineClient } from '../engine-client/engine-client.ts';
import { describeCheckpoints } from './checkpoint-estimate.ts';
import { datasetSize } from './dataset-size.ts';

export interface TrainingEstimate {
  seconds: number;
  /** Mean time of one epoch of one run. */
  secondsPerEpoch: number;
  /** How the estimate was made, for people. */
  detail: string;
}

/** Batches timed per probe epoch. */
const PROBE_BATCHES = 3;
/** Evaluation is forward only: about a third of a training step (forward + backward + update) per example. */
const EVALUATION_SHARE = 1 / 3;

const configurationKey = (experiment: ExperimentSpec, run: RunSpec): string =>
  JSON.stringify([experiment.data.source, experiment.data.path ?? null, experiment.data.downsample, run.activation, run.network, run.train.batchSize]);

export class TrainingEstimator {
  /** Seconds per training example, by configuration. */
  private readonly secondsPerExample = new Map<string, number>();
  /** Weights per model (all of them, as a checkpoint holds them), by configuration. */
  private readonly parameters = new Map<string, number>();

  constructor(
    private readonly engine: Pick<EngineClient, 'run'>,
    private readonly cacheDir: string,
  ) {}

  /** Forgets the timings (the engine restarted, perhaps on another backend). */
  clear(): void {
    this.secondsPerExample.clear();
    this.parameters.clear();
  }

  async estimate(experiment: ExperimentSpec, backend: string): Promise<TrainingEstimate> {
    const size = await datasetSize(experiment.data, this.cacheDir);
    const untimed = experiment.runs.filter((run) => !this.secondsPerExample.has(configurationKey(experiment, run)));
    if (untimed.length) await this.probe(experiment, untimed, size.train);

    const perEpoch = experiment.runs.map((run) => {
      const perExample = this.secondsPerExample.get(configurationKey(experiment, run))!;
      return perExample * (size.train + EVALUATION_SHARE * size.test);
    });
    const seconds = experiment.runs.reduce((sum, run, i) => sum + perEpoch[i] * run.train.epochs, 0);
    const rates = experiment.runs
      .map((run) => `${run.label} ${Math.round(1 / this.secondsPerExample.get(configurationKey(experiment, run))!).toLocaleString('en')}`)
      .join(', ');
    return {
      seconds,
      secondsPerEpoch: perEpoch.reduce((a, b) => a + b, 0) / perEpoch.length,
      detail:
        `Timed ${PROBE_BATCHES} training batches of each run on this machine (${backend}) after a warm-up epoch: ` +
        `${rates} examples/s. Each epoch trains on ${size.train.toLocaleString('en')} and evaluates ` +
        `${size.test.toLocaleString('en')} examples; evaluation is counted at a third of a training step per example. ` +
        describeCheckpoints(experiment.runs, size.train, (run) => this.parameters.get(configurationKey(experiment, run))),
    };
  }

  private async probe(experiment: ExperimentSpec, runs: RunSpec[], trainCount: number): Promise<void> {
    const largestBatch = Math.max(...runs.map((run) => run.train.batchSize));
    const probeCount = Math.min(trainCount, PROBE_BATCHES * largestBatch);
    const probeRuns: RunSpec[] = runs.map((run, i) => ({
      ...run,
      id: `probe-${i}`,
      train: { ...run.train, epochs: 2, checkpointEvery: 0 },
    }));
    const folder = await mkdtemp(join(tmpdir(), 'landscape-lab-estimate-'));
    const lastEpoch = new Map<string, EpochRecord>();
    try {
      const job = this.engine.run(
        {
          kind: 'train',
          experiment: { ...experiment, name: 'estimate', data: { ...experiment.data, trainLimit: probeCount, testLimit: 1 }, runs: probeRuns },
          out: join(folder, 'probe.lab'),
          cacheDir: this.cacheDir,
        },
        (event) => {
          if (event.type === 'epoch') lastEpoch.set(event.runId, event.record);
          const probed = event.type === 'run-started' ? runs[Number(event.runId.slice('probe-'.length))] : undefined;
          if (event.type === 'run-started' && probed) this.parameters.set(configurationKey(experiment, probed), event.parameterCounts.total);
        },
      );
      await job.result;
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    runs.forEach((run, i) => {
      const record = lastEpoch.get(`probe-${i}`);
      if (!record || !(record.seconds > 0)) throw new Error(`Could not time ${run.label}: its probe epoch did not finish.`);
      this.secondsPerExample.set(configurationKey(experiment, run), record.seconds / probeCount);
    });
  }
}
