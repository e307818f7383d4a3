/**
 * `survey`: every trainable activation against its fixed twin, with BN and a
 * learning rate of 5e-4 for weights and activation parameters alike (the
 * study's Figure 1a setting, before it introduced the high-low rates).
 */
import type { ConfigurationDef, StudyDefinition } from '../study-types.ts';

const LEARNING_RATE = 5e-4;

function configuration(activation: string, label: string, twinOf?: string): ConfigurationDef {
  return {
    id: `${activation}-bn`,
    label,
    activation,
    batchNorm: true,
    dropout: 0,
    learningRate: LEARNING_RATE,
    activationLearningRate: LEARNING_RATE,
    ...(twinOf ? { twinOf: `${twinOf}-bn` } : {}),
  };
}

export const SURVEY_STUDY: StudyDefinition = {
  name: 'survey',
  title: 'Trainable activations against their fixed twins',
  question:
    'Does making an activation trainable pay off? The study trained each trainable activation beside its fixed twin (with BN, learning rate 5e-4) and reported that the trainable GELU converges faster early while ending where GELU ends, and that the trainable SQRT performs very poorly.',
  configurations: [
    configuration('relu', 'ReLU'),
    configuration('hardswish', 'Hardswish'),
    configuration('thardswish', 'THardswish', 'hardswish'),
    configuration('leaky_relu', 'LeakyReLU'),
    configuration('tleaky_relu', 'TLeakyReLU', 'leaky_relu'),
    configuration('gelu', 'GELU'),
    configuration('tgelu', 'TGELU', 'gelu'),
    configuration('selu', 'SELU'),
    configuration('tselu', 'TSELU', 'selu'),
    configuration('sqrt', 'SQRT'),
    configuration('tsqrt', 'TSQRT', 'sqrt'),
    configuration('swish', 'Swish'),
    configuration('tswish', 'TSwish', 'swish'),
    configuration('tanhexp', 'TanhExp'),
    configuration('tsqrt_tanh', 'TSQRT_tanh'),
  ],
  surfaces: [{ direction: 'random', seeds: 'first' }],
  claims: [
    {
      id: 'gelu-early',
      kind: 'compare',
      statement: 'TGELU is more accurate than GELU after the first epoch (it converges faster early)',
      source: 'Figure 1a, §3',
      theirs: '“during the early training, the accuracy of GELU_T is higher”',
      metric: 'firstEpochAccuracy',
      a: 'tgelu-bn',
      b: 'gelu-bn',
      expect: 'higher',
    },
    {
      id: 'gelu-auc',
      kind: 'compare',
      statement: 'TGELU has the larger area under the test-accuracy curve',
      source: 'Figure 1a, §3',
      theirs: '“the convergence speed is higher”',
      metric: 'accuracyAuc',
      a: 'tgelu-bn',
      b: 'gelu-bn',
      expect: 'higher',
    },
    {
      id: 'gelu-final',
      kind: 'similar',
      statement: 'GELU and TGELU end at almost the same accuracy (within 1 point)',
      source: 'Figure 1a, §3',
      theirs: '“GELU and GELU_T perform almost the same”',
      metric: 'finalAccuracy',
      a: 'tgelu-bn',
      b: 'gelu-bn',
      margin: 1,
    },
    {
      id: 'tsqrt-lowest',
      kind: 'extreme',
      statement: 'TSQRT is the least accurate activation of the survey',
      source: 'Figure 1a, §3',
      theirs: '“the SQRT trainable version … the performance are very low”',
      metric: 'finalAccuracy',
      config: 'tsqrt-bn',
      expect: 'lowest',
    },
  ],
  chartGroups: [
    { title: 'Without a twin', configurations: ['relu-bn', 'tanhexp-bn', 'tsqrt_tanh-bn'] },
    { title: 'Hardswish', configurations: ['hardswish-bn', 'thardswish-bn'] },
    { title: 'LeakyReLU', configurations: ['leaky_relu-bn', 'tleaky_relu-bn'] },
    { title: 'GELU', configurations: ['gelu-bn', 'tgelu-bn'] },
    { title: 'SELU', configurations: ['selu-bn', 'tselu-bn'] },
    { title: 'SQRT', configurations: ['sqrt-bn', 'tsqrt-bn'] },
    { title: 'Swish', configurations: ['swish-bn', 'tswish-bn'] },
  ],
};
