/** `cli train`: one model per activation, written to a snapshot. */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  DataSpecSchema,
  ExperimentSpecSchema,
  jsonWithNonFinite,
  NetworkSpecSchema,
  PresetNameSchema,
  TrainSettingsSchema,
  type EngineEvent,
} from '../contract.ts';
import { activationDisplayName } from '../engine/activations/index.ts';
import type { RunSummary, TrainResult } from '../engine/jobs/train-job.ts';
import { dataCacheDir } from '../user-folders.ts';
import { parseCheckpointInterval } from './checkpoint-interval.ts';
import { buildRunSpecs, parseActivationChoice } from './run-specs.ts';
import { runEngineJob, type CommonOptions } from './engine-job.ts';
import { OptionError, parseOptions } from './option-errors.ts';
import { TRAIN_FLAGS } from './option-flags.ts';

interface TrainOptions extends CommonOptions {
  data: string;
  dataPath?: string;
  preset: string;
  activations: string;
  dropout: string;
  bnAffine: string;
  epochs: string;
  batchSize: string;
  lr: string;
  actLr: string;
  seed: string;
  trainLimit?: string;
  testLimit?: string;
  subsetSeed: string;
  downsample?: string;
  checkpointEvery: string;
  out: string;
  name?: string;
}

const int = (text: string | undefined, what: string): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new OptionError(`${what} ${JSON.stringify(text)}: must be a whole number`);
  return value;
};

const num = (text: string, what: string): number => {
  const value = Number(text);
  if (!Number.isFinite(value)) throw new OptionError(`${what} ${JSON.stringify(text)}: must be a number`);
  return value;
};

export function buildTrainExperiment(options: TrainOptions) {
  const preset = parseOptions(PresetNameSchema, options.preset, { '': '--preset' });
  const data = parseOptions(
    DataSpecSchema,
    {
      source: options.data,
      path: options.dataPath ? resolve(options.dataPath) : undefined,
      trainLimit: int(options.trainLimit, '--train-limit'),
      testLimit: int(options.testLimit, '--test-limit'),
      subsetSeed: int(options.subsetSeed, '--subset-seed'),
      downsample: int(options.downsample, '--downsample') ?? (preset === 'seed' && options.data === 'cifar10' ? 2 : 1),
    },
    TRAIN_FLAGS,
  );
  const network = parseOptions(NetworkSpecSchema, { preset, dropout: num(options.dropout, '--dropout'), bnAffine: options.bnAffine }, TRAIN_FLAGS);
  const train = parseOptions(
    TrainSettingsSchema,
    {
      epochs: int(options.epochs, '--epochs'),
      batchSize: int(options.batchSize, '--batch-size'),
      learningRate: num(options.lr, '--lr'),
      activationLearningRate: num(options.actLr, '--act-lr'),
      seed: int(options.seed, '--seed'),
      ...parseCheckpointInterval(options.checkpointEvery),
    },
    TRAIN_FLAGS,
  );
  const choices = options.activations.split(',').filter(Boolean).map(parseActivationChoice);
  const runs = buildRunSpecs(choices, network, train, activationDisplayName);
  return parseOptions(ExperimentSpecSchema, { name: options.name ?? `${options.data} ${preset}`, data, runs }, TRAIN_FLAGS);
}

/** The summary line of one run: its status (with where it diverged), final accuracy, activation parameters, and why it stopped. */
export function describeRunOutcome(run: RunSummary): string {
  const d = run.divergence;
  const status = d ? `${run.status} at epoch ${d.epoch}, step ${d.step} (loss ${Number.isFinite(d.loss) ? d.loss.toPrecision(4) : d.loss})` : run.status;
  const final = run.final ? `test accuracy ${(100 * run.final.testAccuracy).toFixed(2)}%` : 'no epoch finished';
  const params = Object.entries(run.activationParams)
    .map(([name, values]) => `${name}=${values.length === 1 ? values[0].toPrecision(5) : `[${values.length} values]`}`)
    .join(' ');
  return `${run.label}: ${status}, ${final}${params ? `, ${params}` : ''}${run.message ? ` — ${run.message}` : ''}`;
}

function describeEvent(event: EngineEvent): string | null {
  if (event.type === 'run-started') {
    const c = event.parameterCounts;
    return `▶ ${event.runId}: ${c.trainable.toLocaleString('en')} trainable of ${c.total.toLocaleString('en')} parameters (${c.activation} in activations)`;
  }
  if (event.type === 'epoch') {
    const r = event.record;
    return `  ${event.runId} epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)} acc ${(100 * r.trainAccuracy).toFixed(2)}% | test loss ${r.testLoss.toFixed(4)} acc ${(100 * r.testAccuracy).toFixed(2)}% | ${r.seconds.toFixed(1)} s`;
  }
  return null;
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('Train the same network once per activation and write a snapshot (.lab)')
    .option('--data <source>', 'mnist (built in) | cifar10 | idx', 'mnist')
    .option('--data-path <path>', 'CIFAR-10 folder or cifar-10-binary.tar.gz; folder of IDX files')
    .option('--preset <name>', 'network preset: seed | quick | tiny', 'quick')
    .option('--activations <list>', 'comma-separated, each name[+bn][:channel], e.g. relu+bn,tsqrt_tanh', 'relu,tsqrt_tanh')
    .option('--dropout <rate>', 'dropout before the last layer (0 = off)', '0')
    .option('--bn-affine <mode>', 'BN gamma/beta: trainable | frozen', 'trainable')
    .option('--epochs <n>', 'epochs', '2')
    .option('--batch-size <n>', 'batch size', '64')
    .option('--lr <rate>', 'Adam learning rate of the weights', '0.001')
    .option('--act-lr <rate>', 'Adam learning rate of the activation parameters', '0.00001')
    .option('--seed <n>', 'training seed (initialisation, shuffles, dropout)', '1')
    .option('--train-limit <n>', 'use N training examples (seeded subset)')
    .option('--test-limit <n>', 'use N test examples (seeded subset)')
    .option('--subset-seed <n>', 'seed of the subsets', '0')
    .option('--downsample <factor>', 'average-pool the images by 1 or 2 (seed preset on CIFAR-10: 2)')
    .option('--checkpoint-every <k>', 'checkpoint weights every k epochs (k or "k epochs") or k steps ("20steps"), for the PCA plane and evolutions; 0 = initial and final only', '1')
    .option('--name <text>', 'experiment name')
    .requiredOption('--out <file>', 'snapshot to write, e.g. runs/demo.lab')
    .action(async (options: TrainOptions) => {
      const experiment = buildTrainExperiment(options);
      const out = resolve(options.out);
      await mkdir(dirname(out), { recursive: true });
      const result = await runEngineJob<TrainResult>(
        { kind: 'train', experiment, out, cacheDir: dataCacheDir() },
        options,
        describeEvent,
      );
      if (options.json) {
        // Non-finite numbers (a diverged loss) as "NaN"/"Infinity", not null.
        process.stdout.write(`${jsonWithNonFinite(result, 2)}\n`);
        return;
      }
      process.stderr.write(`\nBackend: ${result.backend}\nSnapshot: ${result.snapshot}\n`);
      for (const run of result.runs) process.stderr.write(`  ${describeRunOutcome(run)}\n`);
    });
}
