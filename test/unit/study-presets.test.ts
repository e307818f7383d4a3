import { describe, expect, it } from 'vitest';
import { checkpointCount, expandStudy } from '../../src-main/engine/study/expand-study.ts';

/**
 * What each study must train, written out by hand from issue 5 and the
 * study's text (not derived from the presets): configuration id → activation,
 * BN, γ/β, dropout, weight learning rate, activation learning rate.
 */
type Row = [id: string, activation: string, batchNorm: boolean, bnAffine: 'trainable' | 'frozen', dropout: number, lr: number, actLr: number];

const SURVEY: Row[] = [
  ['relu-bn', 'relu', true, 'trainable', 0, 5e-4, 5e-4],
  ['hardswish-bn', 'hardswish', true, 'trainable', 0, 5e-4, 5e-4],
  ['thardswish-bn', 'thardswish', true, 'trainable', 0, 5e-4, 5e-4],
  ['leaky_relu-bn', 'leaky_relu', true, 'trainable', 0, 5e-4, 5e-4],
  ['tleaky_relu-bn', 'tleaky_relu', true, 'trainable', 0, 5e-4, 5e-4],
  ['gelu-bn', 'gelu', true, 'trainable', 0, 5e-4, 5e-4],
  ['tgelu-bn', 'tgelu', true, 'trainable', 0, 5e-4, 5e-4],
  ['selu-bn', 'selu', true, 'trainable', 0, 5e-4, 5e-4],
  ['tselu-bn', 'tselu', true, 'trainable', 0, 5e-4, 5e-4],
  ['sqrt-bn', 'sqrt', true, 'trainable', 0, 5e-4, 5e-4],
  ['tsqrt-bn', 'tsqrt', true, 'trainable', 0, 5e-4, 5e-4],
  ['swish-bn', 'swish', true, 'trainable', 0, 5e-4, 5e-4],
  ['tswish-bn', 'tswish', true, 'trainable', 0, 5e-4, 5e-4],
  ['tanhexp-bn', 'tanhexp', true, 'trainable', 0, 5e-4, 5e-4],
  ['tsqrt_tanh-bn', 'tsqrt_tanh', true, 'trainable', 0, 5e-4, 5e-4],
];

const BATCHNORM: Row[] = [
  ['relu-bn', 'relu', true, 'trainable', 0, 1e-3, 1e-5],
  ['relu-bn-frozen', 'relu', true, 'frozen', 0, 1e-3, 1e-5],
];

const TABLE2: Row[] = [
  ['relu-bn', 'relu', true, 'trainable', 0.3, 1e-3, 1e-5],
  ['relu', 'relu', false, 'trainable', 0.3, 1e-3, 1e-5],
  ['tsqrt_tanh', 'tsqrt_tanh', false, 'trainable', 0.3, 1e-3, 1e-5],
  ['tsqrt_tanh-bn', 'tsqrt_tanh', true, 'trainable', 0.3, 1e-3, 1e-5],
  ['tsqrt-bn', 'tsqrt', true, 'trainable', 0.3, 1e-3, 1e-5],
];

const SMOOTHING: Row[] = [
  ['tsqrt-bn', 'tsqrt', true, 'trainable', 0.3, 1e-3, 1e-5],
  ['tsqrt_tanh-bn', 'tsqrt_tanh', true, 'trainable', 0.3, 1e-3, 1e-5],
];

const EXPECTED = { survey: SURVEY, batchnorm: BATCHNORM, table2: TABLE2, smoothing: SMOOTHING };

describe.each(Object.entries(EXPECTED) as Array<[keyof typeof EXPECTED, Row[]]>)('the %s study', (name, rows) => {
  const quick = expandStudy(name, 'quick');

  it('trains exactly the intended configurations, each with three seeds at quick scale', () => {
    const expectedIds = rows.flatMap(([id]) => [1, 2, 3].map((seed) => `${id}-s${seed}`));
    expect(quick.experiment.runs.map((r) => r.id)).toEqual(expectedIds);
  });

  it.each(rows.map((row) => [row[0], row] as const))('runs %s with the study’s activation, BN, dropout and learning rates', (id, [, activation, batchNorm, bnAffine, dropout, lr, actLr]) => {
    const runs = quick.experiment.runs.filter((r) => r.id.startsWith(`${id}-s`) && /^-s\d+$/.test(r.id.slice(id.length)));
    expect(runs.map((r) => r.train.seed)).toEqual([1, 2, 3]);
    for (const run of runs) {
      expect(run.activation).toEqual({ name: activation, scope: 'layer' });
      expect(run.network).toMatchObject({ preset: 'tiny', batchNorm, bnAffine, dropout });
      expect(run.train.learningRate).toBe(lr);
      expect(run.train.activationLearningRate).toBe(actLr);
    }
  });

  it('uses the study’s own network and data at full scale', () => {
    const full = expandStudy(name, 'full');
    expect(full.experiment.data).toMatchObject({ source: 'cifar10', downsample: 2 });
    expect(full.experiment.data.trainLimit).toBeUndefined();
    expect(new Set(full.experiment.runs.map((r) => r.network.preset))).toEqual(new Set(['seed']));
    expect(full.experiment.runs.map((r) => r.id)).toEqual(quick.experiment.runs.map((r) => r.id));
  });
});

describe('study sizes and surfaces', () => {
  it('runs the quick scale on built-in MNIST at 14×14 with a training subset', () => {
    const plan = expandStudy('table2', 'quick');
    expect(plan.experiment.data).toMatchObject({ source: 'mnist', downsample: 2, trainLimit: 2400, testLimit: 1000 });
    expect(plan.experiment.runs.every((r) => r.train.epochs === 4 && r.train.batchSize === 32)).toBe(true);
  });

  it('computes three 11×11 random planes (direction seeds 0, 1, 2) around the first seed of each configuration of the accuracy studies', () => {
    for (const [name, configurations] of [['survey', 15], ['batchnorm', 2], ['table2', 5]] as const) {
      const plan = expandStudy(name, 'quick');
      expect(plan.surfaces).toHaveLength(3 * configurations);
      for (const s of plan.surfaces) {
        expect(s.direction).toBe('random');
        expect(s.seed).toBe(1);
        expect([s.recipe.x.num, s.recipe.y?.num]).toEqual([11, 11]);
        expect(s.recipe.evaluation.count).toBe(256);
      }
      const ofFirst = plan.surfaces.filter((s) => s.runId === plan.surfaces[0].runId);
      expect(ofFirst.map((s) => s.recipe.seed)).toEqual([0, 1, 2]);
      // λmax and the trace belong to the model, not the plane: computed with the first plane only.
      expect(ofFirst.map((s) => s.hessian !== false)).toEqual([true, false, false]);
    }
  });

  it('keeps one random plane per model at the tiny scale, so the CLI test stays as cheap as it was', () => {
    const plan = expandStudy('batchnorm', 'tiny');
    expect(plan.surfaces.map((s) => [s.runId, s.recipe.seed])).toEqual([
      ['relu-bn-s1', 0],
      ['relu-bn-frozen-s1', 0],
    ]);
  });

  it('gives the smoothing study random (three planes each) and activation-parameter surfaces for every seed (z for TSQRT, k for TSQRT_tanh), a PCA and a Hessian plane', () => {
    const plan = expandStudy('smoothing', 'quick');
    const of = (direction: string) => plan.surfaces.filter((s) => s.direction === direction);
    expect(of('random').map((s) => `${s.runId}/${s.recipe.seed}`)).toEqual(
      ['tsqrt-bn-s1', 'tsqrt-bn-s2', 'tsqrt-bn-s3', 'tsqrt_tanh-bn-s1', 'tsqrt_tanh-bn-s2', 'tsqrt_tanh-bn-s3'].flatMap((id) => [0, 1, 2].map((seed) => `${id}/${seed}`)),
    );
    expect(of('hessian').map((s) => [s.runId, s.recipe.x.min, s.recipe.x.max, s.recipe.y?.max, s.hessian])).toEqual([
      ['tsqrt-bn-s1', -0.1, 0.1, 0.1, false],
      ['tsqrt_tanh-bn-s1', -0.1, 0.1, 0.1, false],
    ]);
    expect(of('act-param').map((s) => [s.runId, s.recipe.activationParam])).toEqual([
      ['tsqrt-bn-s1', 'z'],
      ['tsqrt-bn-s2', 'z'],
      ['tsqrt-bn-s3', 'z'],
      ['tsqrt_tanh-bn-s1', 'k'],
      ['tsqrt_tanh-bn-s2', 'k'],
      ['tsqrt_tanh-bn-s3', 'k'],
    ]);
    expect(of('pca').map((s) => [s.runId, s.sizeFromTrajectory])).toEqual([
      ['tsqrt-bn-s1', true],
      ['tsqrt_tanh-bn-s1', true],
    ]);
    // Runs with a PCA plane keep a checkpoint per epoch; the others only their start and end.
    expect(plan.experiment.runs.every((r) => r.train.checkpointEvery === 1)).toBe(true);
    expect(expandStudy('table2', 'quick').experiment.runs.every((r) => r.train.checkpointEvery === 0)).toBe(true);
  });

  it('plans the smoothing study’s landscape evolution: a frame per checkpoint of each first-seed model, on its first random plane', () => {
    const quick = expandStudy('smoothing', 'quick');
    expect(quick.evolutions.map((e) => [e.runId, e.frames, e.recipe.direction, e.recipe.seed, e.recipe.x.num])).toEqual([
      ['tsqrt-bn-s1', 5, 'random', 0, 11],
      ['tsqrt_tanh-bn-s1', 5, 'random', 0, 11],
    ]);
    // Full scale keeps a checkpoint every fifth of its 30 epochs: 0, 5, …, 30.
    expect(expandStudy('smoothing', 'full').evolutions.map((e) => e.frames)).toEqual([7, 7]);
    expect(checkpointCount(4, 3)).toBe(3); // 0, 3 and the last, 4
    expect(expandStudy('table2', 'quick').evolutions).toEqual([]);
  });

  it('takes another number of seeds when asked', () => {
    const plan = expandStudy('batchnorm', 'quick', { seeds: 5 });
    expect(plan.seeds).toEqual([1, 2, 3, 4, 5]);
    expect(plan.experiment.runs).toHaveLength(10);
  });
});
