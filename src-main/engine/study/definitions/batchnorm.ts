/**
 * `batchnorm`: the study's §4 — the same ReLU network with BN whose γ/β are
 * trained, against one whose γ/β stay at their initial values (1 and 0).
 */
import type { StudyDefinition } from '../study-types.ts';

export const BATCHNORM_STUDY: StudyDefinition = {
  name: 'batchnorm',
  title: 'Batch normalisation with trainable or frozen γ/β',
  question:
    'The study compared two identical ReLU networks with batch normalisation, one learning BN’s scale γ and shift β and one with them frozen, and reported about 5 points of accuracy in favour of trainable γ/β.',
  configurations: [
    { id: 'relu-bn', label: 'ReLU+BN, γ/β trainable', activation: 'relu', batchNorm: true, bnAffine: 'trainable', dropout: 0, learningRate: 1e-3, activationLearningRate: 1e-5 },
    { id: 'relu-bn-frozen', label: 'ReLU+BN, γ/β frozen', activation: 'relu', batchNorm: true, bnAffine: 'frozen', dropout: 0, learningRate: 1e-3, activationLearningRate: 1e-5 },
  ],
  surfaces: [{ direction: 'random', seeds: 'first' }],
  claims: [
    {
      id: 'bn-trainable-better',
      kind: 'compare',
      statement: 'BN with trainable γ/β is more accurate than BN with γ/β frozen',
      source: '§4',
      theirs: '“the BN with learnable parameters perform slightly better”',
      metric: 'finalAccuracy',
      a: 'relu-bn',
      b: 'relu-bn-frozen',
      expect: 'higher',
    },
    {
      id: 'bn-five-points',
      kind: 'difference',
      statement: 'The difference is about 5 points of accuracy',
      source: '§4',
      theirs: '“5% difference on accuracy”',
      metric: 'finalAccuracy',
      a: 'relu-bn',
      b: 'relu-bn-frozen',
      value: 5,
      tolerance: 2,
      comparableAt: ['full'],
    },
  ],
  chartGroups: [{ title: 'ReLU+BN', configurations: ['relu-bn', 'relu-bn-frozen'] }],
};
