import { describe, expect, it } from 'vitest';
import type { SurfaceView } from '../../src-main/contract/app.ts';
import type { RunRecord } from '../../src-main/contract/snapshot.ts';
import type { SurfaceMetrics } from '../../src-main/contract/surface.ts';
import { checkpointListText, evolutionColumns, evolutionOf, metricOf, parametersAt, stepFrame } from '../../src-renderer/lib/evolution.ts';
import { fieldFor, scaleFor } from '../../src-renderer/lib/surface-selection.ts';

function metrics(loss: number, lambda: number | null): SurfaceMetrics {
  return {
    centre: { loss, accuracy: 0.5 },
    minimum: { loss, x: 0, y: 0, offset: 0, centreIsMinimum: true },
    curvature: { x: 1, y: 3 },
    sharpness: { epsilon: 0.1, value: 2 * loss },
    basin: { belowTwiceCentre: 1, threshold: null, belowThreshold: null },
    roughness: { laplacian: 0, localMinima: 0 },
    hessian: lambda === null ? null : { topEigenvalue: lambda, powerIterations: 5, trace: 1, traceSamples: 2 },
    nonFinitePoints: 0,
    warnings: [],
  };
}

function frame(id: string, epoch: number | null, loss: number, options: { runId?: string; seed?: number; renormalise?: boolean; step?: number } = {}): SurfaceView {
  return {
    id, runId: options.runId ?? 'tswish', label: id,
    recipe: {
      direction: 'random', seed: options.seed ?? 0, normalization: 'filter', ignore: 'biasbn', activationParams: 'fixed',
      x: { min: -1, max: 1, num: 2 }, y: { min: -1, max: 1, num: 2 }, evaluation: { count: 10, seed: 0, batchSize: 256, includeTest: false }, mode: { kind: 'exact' },
      ...(epoch === null ? {} : { checkpoint: { epoch, ...(options.step === undefined ? {} : { step: options.step }), renormalise: options.renormalise ?? false } }),
    },
    xCoordinates: [-1, 1], yCoordinates: [-1, 1], arrays: ['trainLoss', 'trainAccuracy'], completedPoints: 4, metrics: metrics(loss, epoch === 2 ? null : loss * 3), pca: null, measuredError: null,
    timing: { seconds: 1, workers: 1, backend: 'cpu' }, createdAt: 'x', done: Uint8Array.from([1, 1, 1, 1]),
    values: { trainLoss: Float32Array.from([loss, loss + 1, loss + 2, loss + 3]), trainAccuracy: Float32Array.from([0.5, 0.5, 0.5, 0.5]) },
  };
}

describe('landscape evolution in the app', () => {
  const frames = [frame('e2', 2, 1), frame('e0', 0, 2.3), frame('e1', 1, 1.5)];
  const others = [frame('plain', null, 1), frame('other-seed', 1, 9, { seed: 7 }), frame('other-run', 1, 9, { runId: 'relu' }), frame('re', 1, 9, { renormalise: true })];

  it('gathers the frames of one run on one plane, in epoch order, and nothing else', () => {
    const evolution = evolutionOf([...others, ...frames], frames[0])!;
    expect(evolution.frames.map((f) => f.id)).toEqual(['e0', 'e1', 'e2']);
    expect(evolution.epochs).toEqual([0, 1, 2]);
    expect(evolution.renormalise).toBe(false);
    // Not a frame, or the only frame of its plane: no player.
    expect(evolutionOf([...others, ...frames], others[0])).toBeNull();
    expect(evolutionOf([...others, ...frames], others[1])).toBeNull();
  });

  it('draws every frame on one z-scale: the lowest and highest loss over all frames', () => {
    const evolution = evolutionOf(frames, frames[1])!;
    const scale = scaleFor(evolution.frames.map((f) => fieldFor(f, 'trainLoss')), { logScale: false, clipMax: null });
    expect(scale.lo).toBeCloseTo(1, 6);
    expect(scale.hi).toBeCloseTo(5.3, 5);
  });

  it('steps through frames and stops at the ends', () => {
    const evolution = evolutionOf(frames, frames[0])!;
    expect(stepFrame(evolution, 'e0', 1).id).toBe('e1');
    expect(stepFrame(evolution, 'e2', 1).id).toBe('e2');
    expect(stepFrame(evolution, 'e0', -1).id).toBe('e0');
  });

  it('charts a centre metric over the epochs, with a gap where it was not measured', () => {
    const evolution = evolutionOf(frames, frames[0])!;
    const loss = evolutionColumns(evolution, 'centre-loss', 'TSwish');
    expect(loss.columns).toEqual([[0, 1, 2], [2.3, 1.5, 1]]);
    expect(loss.series[0]).toMatchObject({ runId: 'tswish', label: 'TSwish', part: 'Centre loss' });
    expect(evolutionColumns(evolution, 'lambda-max', 'TSwish').columns[1]).toEqual([2.3 * 3, 1.5 * 3, null]);
    expect(metricOf(frames[0].metrics, 'curvature')).toBe(2);
    expect(metricOf(frames[0].metrics, 'centre-accuracy')).toBe(50);
  });

  it('names and charts frames of checkpoints by steps by their step, in step order', () => {
    const bySteps = [frame('s20', 2, 1, { step: 20 }), frame('s0', 0, 3, { step: 0 }), frame('s5', 1, 2, { step: 5 }), frame('s10', 1, 1.5, { step: 10 })];
    const evolution = evolutionOf(bySteps, bySteps[0])!;
    expect(evolution.frames.map((f) => f.id)).toEqual(['s0', 's5', 's10', 's20']);
    expect(evolution.labels).toEqual(['epoch 0 · step 0', 'epoch 1 · step 5', 'epoch 1 · step 10', 'epoch 2 · step 20']);
    expect(evolution.xLabel).toBe('step');
    expect(evolutionColumns(evolution, 'centre-loss', 'TSwish').columns).toEqual([[0, 5, 10, 20], [3, 2, 1.5, 1]]);
    // By epochs the labels and the x axis stay as they were.
    const byEpochs = evolutionOf(frames, frames[0])!;
    expect([byEpochs.labels, byEpochs.xLabel]).toEqual([['epoch 0', 'epoch 1', 'epoch 2'], 'epoch']);
    // The surface form's list of the checkpoints an evolution computes.
    expect(checkpointListText(byEpochs.checkpoints)).toBe('epochs 0, 1, 2');
    expect(checkpointListText(Array.from({ length: 11 }, (_, i) => ({ epoch: Math.ceil(i / 10), step: 20 * i })))).toBe('steps 0, 20, 40, …, 180, 200');
  });

  it('gives the activation parameters at a frame: initial values at epoch 0, then the history', () => {
    const run = {
      spec: { id: 'tswish', activation: { name: 'tswish', scope: 'layer', init: {} } },
      history: [
        { epoch: 1, activationParams: { 'act1/z': [1.5], 'act2/z': [1.2, 1.4] } },
        { epoch: 2, activationParams: { 'act1/z': [1.7], 'act2/z': [1.0, 1.2] } },
      ],
    } as unknown as RunRecord;
    const initial = (activation: string, parameter: string): number | null => (activation === 'tswish' && parameter === 'z' ? 1 : null);
    expect(parametersAt(run, 0, initial)).toEqual([{ name: 'act1/z', value: 1 }, { name: 'act2/z', value: 1 }]);
    const at2 = parametersAt(run, 2, initial);
    expect(at2[0]).toEqual({ name: 'act1/z', value: 1.7 });
    expect(at2[1].value).toBeCloseTo(1.1, 10);
    // A run's own initial value overrides the activation's default.
    const overridden = { ...run, spec: { ...run.spec, activation: { name: 'tswish', init: { z: 2 } } } } as unknown as RunRecord;
    expect(parametersAt(overridden, 0, initial)[0].value).toBe(2);
    // By steps (10 batches per epoch): known at an epoch's end, not part-way through it.
    expect(parametersAt(run, { epoch: 2, step: 20 }, initial, 10)[0]).toEqual({ name: 'act1/z', value: 1.7 });
    expect(parametersAt(run, { epoch: 2, step: 15 }, initial, 10).map((p) => p.value)).toEqual([null, null]);
    expect(parametersAt(run, { epoch: 0, step: 0 }, initial, 10)[0].value).toBe(1);
  });
});
