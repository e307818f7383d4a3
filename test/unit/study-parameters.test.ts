import { describe, expect, it } from 'vitest';
import { buildNetwork, countParameters } from '../../src-main/engine/network/build-network.ts';
import { presetParameterCounts } from '../../src-main/engine/study/preset-parameters.ts';
import { STUDY_TABLE2 } from '../../src-main/engine/study/definitions/table2.ts';
import { STUDIES } from '../../src-main/engine/study/definitions/index.ts';
import { studyNetworkParameters } from '../../src-main/engine/study/study-metrics.ts';

describe('parameter counts from a preset’s data', () => {
  it.each([
    ['tiny', [14, 14, 1], 'relu', false, 'trainable', 0],
    ['tiny', [14, 14, 1], 'tsqrt_tanh', true, 'trainable', 1],
    ['tiny', [28, 28, 1], 'tgelu', true, 'frozen', 2],
    ['quick', [15, 15, 3], 'relu', true, 'trainable', 0],
  ] as const)('match the built %s model on %j (%s, BN %s, γ/β %s)', (preset, inputShape, activation, batchNorm, bnAffine, params) => {
    const network = { preset, batchNorm, bnAffine, dropout: 0.3 } as const;
    const model = buildNetwork({ inputShape: [...inputShape], numClasses: 10, activation: { name: activation, scope: 'layer' }, network });
    try {
      expect(presetParameterCounts({ preset, inputShape: [...inputShape], numClasses: 10, batchNorm, bnAffine, activationParamsPerLayer: params })).toEqual(countParameters(model, network));
    } finally {
      model.dispose();
    }
  });

  it('gives the study’s ReLU+BN count exactly for the seed preset on 16×16×3', () => {
    const reluBn = STUDIES.table2.configurations.find((c) => c.id === 'relu-bn')!;
    expect(studyNetworkParameters(reluBn)).toBe(STUDY_TABLE2[0].parameters);
    expect(STUDY_TABLE2[0].parameters).toBe(4_811_922);
  });
});
