import { describe, expect, it } from 'vitest';
import { ExperimentSpecSchema } from '../../src-main/contract/experiment.ts';
import { SurfaceRecipeSchema } from '../../src-main/contract/surface.ts';
import type { ActivationInfo } from '../../src-main/contract/app.ts';
import { buildExperimentSpec, defaultExperimentForm, formFromSpec, formProblems, runId, runLabel } from '../../src-renderer/lib/experiment-spec.ts';
import { buildSurfaceRecipe, defaultSurfaceForm, surfaceFormProblems, EVALUATION_LABEL } from '../../src-renderer/lib/surface-recipe.ts';

const activations: ActivationInfo[] = [
  { name: 'relu', label: 'ReLU', formula: 'max(0, x)', parameters: [], twin: null },
  { name: 'tsqrt_tanh', label: 'TSQRT_tanh', formula: '…', parameters: [{ name: 'k', init: 0.5 }], twin: null },
];

describe('experiment form', () => {
  it('names runs <name>[-bn] and labels them <Label>[+BN]', () => {
    expect(runId('relu', true)).toBe('relu-bn');
    expect(runId('relu', false)).toBe('relu');
    expect(runLabel('ReLU', true)).toBe('ReLU+BN');
  });

  it('builds one run per activation and BN variant, valid against the contract schema', () => {
    const form = { ...defaultExperimentForm(), activations: [
      { name: 'relu', bn: 'both' as const, scope: 'layer' as const },
      { name: 'tsqrt_tanh', bn: 'on' as const, scope: 'channel' as const },
    ] };
    expect(formProblems(form)).toEqual([]);
    const spec = buildExperimentSpec(form, activations);
    expect(spec.runs.map((r) => [r.id, r.label, r.network.batchNorm])).toEqual([
      ['relu', 'ReLU', false],
      ['relu-bn', 'ReLU+BN', true],
      ['tsqrt_tanh-bn', 'TSQRT_tanh+BN', true],
    ]);
    expect(spec.runs[2].activation.scope).toBe('channel');
    expect(ExperimentSpecSchema.safeParse(spec).success).toBe(true);
    expect(spec.data).toMatchObject({ source: 'mnist', trainLimit: 2000, testLimit: 500 });
  });

  it('explains what is wrong instead of sending an invalid spec', () => {
    const form = { ...defaultExperimentForm(), epochs: 0, learningRate: -1, trainLimit: 2.5, source: 'idx' as const };
    const fields = formProblems(form).map((p) => p.field);
    expect(fields).toEqual(['dataPath', 'trainLimit', 'learningRate', 'epochs', 'activations']);
  });

  it('round-trips a spec through the form', () => {
    const form = { ...defaultExperimentForm(), epochs: 7, dropout: 0.3, activations: [{ name: 'relu', bn: 'both' as const, scope: 'layer' as const }] };
    const spec = buildExperimentSpec(form, activations);
    expect(formFromSpec(spec)).toEqual(form);
  });

  it('checkpoints by steps when asked, and by epochs (the spec unchanged) otherwise', () => {
    const chosen = [{ name: 'relu', bn: 'off' as const, scope: 'layer' as const }];
    const bySteps = { ...defaultExperimentForm(), checkpointEvery: 20, checkpointUnit: 'steps' as const, activations: chosen };
    const spec = buildExperimentSpec(bySteps, activations);
    expect(spec.runs[0].train).toMatchObject({ checkpointEvery: 20, checkpointUnit: 'steps' });
    expect(ExperimentSpecSchema.parse(spec).runs[0].train.checkpointUnit).toBe('steps');
    expect(formFromSpec(spec)).toEqual(bySteps);
    const byEpochs = buildExperimentSpec({ ...bySteps, checkpointUnit: 'epochs' }, activations);
    expect('checkpointUnit' in byEpochs.runs[0].train).toBe(false);
    expect(formProblems({ ...bySteps, checkpointEvery: 1.5 })).toEqual([{ field: 'checkpointEvery', message: 'Checkpoint interval: a whole number of steps (0 = initial and final weights only).' }]);
  });
});

describe('surface form', () => {
  it('starts at 21 × 21 on a CPU backend and at the paper\'s 51 × 51 on a GPU', () => {
    expect(defaultSurfaceForm('wasm').gridSize).toBe(21);
    expect(defaultSurfaceForm('node-gpu').gridSize).toBe(51);
  });

  it('builds a recipe the contract accepts', () => {
    const form = { ...defaultSurfaceForm('cpu'), mode: 'fast' as const, evaluationCount: 500 };
    expect(surfaceFormProblems(form)).toEqual([]);
    const recipe = SurfaceRecipeSchema.parse(buildSurfaceRecipe(form));
    expect(recipe.x).toEqual({ min: -1, max: 1, num: 21 });
    expect(recipe.mode).toEqual({ kind: 'fast', tolerance: 0.01 });
    expect(recipe.evaluation.count).toBe(500);
  });

  it('caps the examples per point at the training split\'s size, naming the split in the label and the error alike', () => {
    const form = { ...defaultSurfaceForm('cpu'), evaluationCount: 5000 };
    const problems = surfaceFormProblems(form, 3000);
    expect(problems.map((p) => p.field)).toEqual(['evaluationCount']);
    expect(EVALUATION_LABEL).toContain('training split');
    expect(problems[0].message).toBe(`${EVALUATION_LABEL}: a whole number from 1 to 3,000 (the training split has 3,000 examples).`);
    expect(surfaceFormProblems({ ...form, evaluationCount: 3000 }, 3000)).toEqual([]);
  });

  it('flags an empty range and a grid too small to draw', () => {
    const problems = surfaceFormProblems({ ...defaultSurfaceForm('cpu'), gridSize: 2, min: 1, max: 1 });
    expect(problems.map((p) => p.field)).toEqual(['gridSize', 'max']);
  });
});
