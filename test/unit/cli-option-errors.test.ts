/**
 * Every invalid command-line option gets one line naming the option, the
 * value and what is allowed; never zod's multi-line JSON.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildRecipe } from '../../src-main/cli/surface-command.ts';
import { buildTrainExperiment } from '../../src-main/cli/train-command.ts';
import { describeAllowed, parseOptions } from '../../src-main/cli/option-errors.ts';
import { JOB_FLAGS } from '../../src-main/cli/option-flags.ts';
import { EngineJobSchema } from '../../src-main/contract.ts';

const defaults = {
  data: 'mnist',
  preset: 'quick',
  activations: 'relu',
  dropout: '0',
  bnAffine: 'trainable',
  epochs: '2',
  batchSize: '64',
  lr: '0.001',
  actLr: '0.00001',
  seed: '1',
  subsetSeed: '0',
  checkpointEvery: '1',
  out: 'x.lab',
};

function trainError(options: Partial<typeof defaults> & Record<string, string>): string {
  try {
    buildTrainExperiment({ ...defaults, ...options });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the options to be refused');
}

describe('invalid train options', () => {
  it.each([
    [{ lr: '1000' }, '--lr 1000: must be a number > 0 and ≤ 10'],
    [{ actLr: '0' }, '--act-lr 0: must be a number > 0 and ≤ 10'],
    [{ epochs: '0' }, '--epochs 0: must be a whole number ≥ 1 and ≤ 10000'],
    [{ epochs: 'two' }, '--epochs "two": must be a whole number'],
    [{ batchSize: '100000' }, '--batch-size 100000: must be a whole number ≥ 1 and ≤ 8192'],
    [{ dropout: '0.95' }, '--dropout 0.95: must be a number ≥ 0 and ≤ 0.9'],
    [{ preset: 'huge' }, '--preset "huge": must be one of seed | quick | tiny'],
    [{ data: 'imagenet' }, '--data "imagenet": must be one of mnist | cifar10 | idx'],
    [{ downsample: '3' }, '--downsample 3: must be one of 1 | 2'],
    [{ trainLimit: '-5' }, '--train-limit -5: must be a whole number > 0'],
    [{ bnAffine: 'maybe' }, '--bn-affine "maybe": must be one of trainable | frozen'],
  ])('%o → %s', (options, message) => {
    expect(trainError(options)).toBe(message);
  });

  it('gives one line per invalid option when several are wrong', () => {
    const message = trainError({ lr: '1000', epochs: '0' });
    expect(message.split('\n')).toEqual(['--epochs 0: must be a whole number ≥ 1 and ≤ 10000', '--lr 1000: must be a number > 0 and ≤ 10']);
  });

  it('accepts the defaults', () => {
    expect(buildTrainExperiment(defaults).runs[0].train.learningRate).toBe(0.001);
  });
});

describe('invalid surface options', () => {
  const surfaceDefaults = { dir: 'random', grid: '21', norm: 'filter', ignore: 'biasbn', actParams: 'fixed', seed: '0', evalLimit: '1000', evalSeed: '0', evalBatch: '256', hessian: true, samples: '8' };
  const surfaceError = (options: Record<string, string>): string => {
    try {
      buildRecipe({ ...surfaceDefaults, ...options });
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected the options to be refused');
  };

  it.each([
    [{ norm: 'unit' }, '--norm "unit": must be one of filter | layer | none'],
    [{ evalLimit: '0' }, '--eval-limit 0: must be a whole number > 0'],
    [{ evalBatch: '10000' }, '--eval-batch 10000: must be a whole number > 0 and ≤ 8192'],
    [{ fast: '0.9' }, '--fast 0.9: must be a number > 0 and ≤ 0.5'],
    [{ x: '-1:1:5000' }, '--x num 5000: must be a whole number ≥ 1 and ≤ 1001'],
  ])('%o → %s', (options, message) => {
    expect(surfaceError(options)).toBe(message);
  });
});

describe('option errors from a schema', () => {
  const schema = z.object({
    x: z.object({ num: z.number().int().min(2).max(1001) }),
    seed: z.number().int(),
    evaluation: z.object({ seed: z.number().int(), count: z.number().int().positive() }),
  });
  const flags = { x: '--x', seed: '--seed', 'evaluation.seed': '--eval-seed', 'evaluation.count': '--eval-limit' };

  it('name the nearest option and the longest matching field path', () => {
    expect(() => parseOptions(schema, { x: { num: 5000 }, seed: 1, evaluation: { seed: 1.5, count: 10 } }, flags)).toThrow(
      '--x num 5000: must be a whole number ≥ 2 and ≤ 1001\n--eval-seed 1.5: must be a whole number',
    );
  });

  it('describe plain numbers and enums', () => {
    expect(describeAllowed(z.number())).toBe('a number');
    expect(describeAllowed(z.enum(['a', 'b']).default('a'))).toBe('one of a | b');
  });
});

describe('engine jobs from the CLI', () => {
  it('are checked before they reach the engine (which would only log and ignore a malformed one)', () => {
    const job = { kind: 'surface', snapshot: '/tmp/a.lab', out: '/tmp/a.lab', recipe: { evaluation: { count: 10 } }, workers: 100 };
    expect(() => parseOptions(EngineJobSchema, job, JOB_FLAGS)).toThrow('--workers 100: must be a whole number ≥ 1 and ≤ 64');
    expect(() => parseOptions(EngineJobSchema, { kind: 'verify', snapshot: '/tmp/a.lab', samples: 0 }, JOB_FLAGS)).toThrow(
      '--samples 0: must be a whole number ≥ 1 and ≤ 10000',
    );
  });

  it('name every option a surface or study job field comes from, not its field path', () => {
    const surface = { kind: 'surface', snapshot: '/tmp/a.lab', out: '/tmp/a.lab' };
    const fileRecipe = { direction: 'file', directionsFile: { path: '/tmp/d.h5', sha256: 'not-a-digest' }, evaluation: { count: 10 } };
    expect(() => parseOptions(EngineJobSchema, { ...surface, recipe: fileRecipe }, JOB_FLAGS)).toThrow(/^--directions sha256 "not-a-digest": /);
    const testRecipe = { evaluation: { count: 10, includeTest: 'yes' } };
    expect(() => parseOptions(EngineJobSchema, { ...surface, recipe: testRecipe }, JOB_FLAGS)).toThrow(/^--test "yes": /);
    const evolution = { ...surface, recipe: { evaluation: { count: 10 } }, evolution: { renormalise: 'no' } };
    expect(() => parseOptions(EngineJobSchema, evolution, JOB_FLAGS)).toThrow(/^--renormalise-per-checkpoint "no": /);
    expect(() => parseOptions(EngineJobSchema, { ...surface, recipe: { evaluation: { count: 10 } }, estimateOnly: 1 }, JOB_FLAGS)).toThrow(/^--estimate 1: /);
    expect(() => parseOptions(EngineJobSchema, { ...surface, recipe: { evaluation: { count: 10 } }, resume: 1 }, JOB_FLAGS)).toThrow(/^--resume 1: /);
    const study = { kind: 'study', name: 'smoothing', out: '/tmp/study' };
    expect(() => parseOptions(EngineJobSchema, { ...study, reportName: 'two words' }, JOB_FLAGS)).toThrow(/^--report-name "two words": /);
    expect(() => parseOptions(EngineJobSchema, { ...study, seeds: 0 }, JOB_FLAGS)).toThrow('--seeds 0: must be a whole number ≥ 1 and ≤ 20');
    expect(() => parseOptions(EngineJobSchema, { ...study, scale: 'huge' }, JOB_FLAGS)).toThrow(/^--scale "huge": must be one of /);
  });
});
