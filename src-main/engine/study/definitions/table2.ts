/**
 * `table2`: the study's Table 2 — ReLU and TSQRT_tanh with and without BN, and
 * TSQRT with BN, trained with the high-low learning rates (1e-3 for the
 * weights, 1e-5 for the activation parameters) and dropout 0.3 before the
 * last layer.
 */
import type { ClaimDef, ConfigurationDef, StudyDefinition } from '../study-types.ts';

function configuration(id: string, label: string, activation: string, batchNorm: boolean, studyName: string): ConfigurationDef {
  return { id, label, activation, batchNorm, dropout: 0.3, learningRate: 1e-3, activationLearningRate: 1e-5, studyName };
}

/** Table 2 as the study prints it: n_parameters and CIFAR-10 test accuracy (%). */
export const STUDY_TABLE2: ReadonlyArray<{ config: string; studyName: string; parameters: number; accuracy: number }> = [
  { config: 'relu-bn', studyName: 'RELU_BN', parameters: 4_811_922, accuracy: 63.3 },
  { config: 'relu', studyName: 'RELU', parameters: 4_749_226, accuracy: 59.2 },
  { config: 'tsqrt_tanh', studyName: 'TSQRT_tanh', parameters: 4_780_574, accuracy: 61.82 },
  { config: 'tsqrt_tanh-bn', studyName: 'TSQRT_tanh_BN', parameters: 4_843_270, accuracy: 58.05 },
  { config: 'tsqrt-bn', studyName: 'TSQRT_BN', parameters: 4_843_270, accuracy: 44.32 },
];

const rowClaims: ClaimDef[] = STUDY_TABLE2.flatMap((row): ClaimDef[] => [
  {
    id: `accuracy-${row.config}`,
    kind: 'value',
    statement: `${row.studyName} reaches ${row.accuracy}% test accuracy on CIFAR-10`,
    source: 'Table 2',
    theirs: `${row.accuracy}%`,
    metric: 'finalAccuracy',
    config: row.config,
    value: row.accuracy,
    tolerance: 2,
    comparableAt: ['full'],
  },
  {
    id: `parameters-${row.config}`,
    kind: 'value',
    statement: `${row.studyName} has ${row.parameters.toLocaleString('en')} parameters (the study’s network, counted from the \`seed\` preset)`,
    source: 'Table 2',
    theirs: row.parameters.toLocaleString('en'),
    metric: 'studyNetworkParams',
    config: row.config,
    value: row.parameters,
    tolerance: 0.001,
    relative: true,
    comparableAt: ['quick', 'full', 'tiny'],
  },
]);

export const TABLE2_STUDY: StudyDefinition = {
  name: 'table2',
  title: 'The study’s Table 2: ReLU, TSQRT_tanh and TSQRT with and without BN',
  question:
    'The study’s Table 2 ranks five networks by CIFAR-10 test accuracy: ReLU+BN 63.3, TSQRT_tanh 61.82, ReLU 59.2, TSQRT_tanh+BN 58.05, TSQRT+BN 44.32, all with high-low learning rates and dropout 0.3; it concludes that TSQRT_tanh works better without BN and has fewer parameters than ReLU+BN.',
  configurations: [
    configuration('relu-bn', 'ReLU+BN', 'relu', true, 'RELU_BN'),
    configuration('relu', 'ReLU', 'relu', false, 'RELU'),
    configuration('tsqrt_tanh', 'TSQRT_tanh', 'tsqrt_tanh', false, 'TSQRT_tanh'),
    configuration('tsqrt_tanh-bn', 'TSQRT_tanh+BN', 'tsqrt_tanh', true, 'TSQRT_tanh_BN'),
    configuration('tsqrt-bn', 'TSQRT+BN', 'tsqrt', true, 'TSQRT_BN'),
  ],
  surfaces: [{ direction: 'random', seeds: 'first' }],
  claims: [
    {
      id: 'relu-bn-best',
      kind: 'extreme',
      statement: 'ReLU+BN is the most accurate',
      source: 'Table 2',
      theirs: '63.3% (highest)',
      metric: 'finalAccuracy',
      config: 'relu-bn',
      expect: 'highest',
    },
    {
      id: 'tsqrt-bn-worst',
      kind: 'extreme',
      statement: 'TSQRT+BN is the least accurate',
      source: 'Table 2',
      theirs: '44.32% (lowest)',
      metric: 'finalAccuracy',
      config: 'tsqrt-bn',
      expect: 'lowest',
    },
    {
      id: 'tsqrt-tanh-without-bn',
      kind: 'compare',
      statement: 'TSQRT_tanh is better without BN than with it',
      source: '§6, Table 2',
      theirs: '61.82% vs 58.05%',
      metric: 'finalAccuracy',
      a: 'tsqrt_tanh',
      b: 'tsqrt_tanh-bn',
      expect: 'higher',
    },
    {
      id: 'tsqrt-tanh-beats-relu',
      kind: 'compare',
      statement: 'Without BN, TSQRT_tanh is more accurate than ReLU',
      source: 'Table 2',
      theirs: '61.82% vs 59.2%',
      metric: 'finalAccuracy',
      a: 'tsqrt_tanh',
      b: 'relu',
      expect: 'higher',
    },
    {
      id: 'tsqrt-tanh-fewer-parameters',
      kind: 'compare',
      statement: 'TSQRT_tanh has fewer trainable parameters than ReLU+BN',
      source: '§6',
      theirs: '4,780,574 vs 4,811,922',
      metric: 'trainableParams',
      a: 'tsqrt_tanh',
      b: 'relu-bn',
      expect: 'lower',
    },
    {
      id: 'ranking',
      kind: 'ranking',
      statement: 'The five networks rank as in Table 2',
      source: 'Table 2',
      theirs: 'ReLU+BN > TSQRT_tanh > ReLU > TSQRT_tanh+BN > TSQRT+BN',
      metric: 'finalAccuracy',
      order: ['relu-bn', 'tsqrt_tanh', 'relu', 'tsqrt_tanh-bn', 'tsqrt-bn'],
    },
    ...rowClaims,
  ],
  chartGroups: [{ title: 'Table 2', configurations: ['relu-bn', 'relu', 'tsqrt_tanh', 'tsqrt_tanh-bn', 'tsqrt-bn'] }],
};
