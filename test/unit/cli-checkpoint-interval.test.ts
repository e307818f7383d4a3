import { describe, expect, it } from 'vitest';
import { buildTrainExperiment } from '../../src-main/cli/train-command.ts';

const options = {
  data: 'mnist', preset: 'tiny', activations: 'relu', dropout: '0', bnAffine: 'trainable', epochs: '2', batchSize: '64',
  lr: '0.001', actLr: '0.00001', seed: '1', subsetSeed: '0', out: 'x.lab',
};
const trainOf = (checkpointEvery: string) => buildTrainExperiment({ ...options, checkpointEvery }).runs[0].train;

describe('train --checkpoint-every', () => {
  it('counts epochs by default and steps when told', () => {
    expect([trainOf('3').checkpointEvery, trainOf('3').checkpointUnit]).toEqual([3, undefined]);
    expect([trainOf('2epochs').checkpointEvery, trainOf('2 epochs').checkpointUnit]).toEqual([2, undefined]);
    expect(trainOf('20steps')).toMatchObject({ checkpointEvery: 20, checkpointUnit: 'steps' });
    expect(trainOf('1 step')).toMatchObject({ checkpointEvery: 1, checkpointUnit: 'steps' });
  });

  it('refuses anything else in one line naming the option', () => {
    expect(() => trainOf('often')).toThrow(/^--checkpoint-every "often": must be a whole number of epochs or steps, e.g. 2, 2epochs or 20steps$/);
    expect(() => trainOf('2.5steps')).toThrow(/^--checkpoint-every "2.5steps": /);
    expect(() => trainOf('-3steps')).toThrow(/^--checkpoint-every -3: must be a whole number ≥ 0/);
  });
});
