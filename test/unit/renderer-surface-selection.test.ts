import { describe, expect, it } from 'vitest';
import type { SurfaceView } from '../../src-main/contract/app.ts';
import { coordinateText, readoutAt } from '../../src-renderer/lib/surface-readout.ts';
import { commonArrays, fieldFor, latestPerRun, pickerLabel, runtimeSummary, scaleFor } from '../../src-renderer/lib/surface-selection.ts';

function surface(id: string, runId: string, createdAt: string, withTest = false): SurfaceView {
  const values: SurfaceView['values'] = { trainLoss: Float32Array.from([1, 2, 3, NaN]), trainAccuracy: Float32Array.from([0.9, 0.8, 0.7, 0.1]) };
  if (withTest) values.testLoss = Float32Array.from([2, 3, 4, 5]);
  return {
    id, runId, label: runId.toUpperCase(),
    recipe: { direction: 'random', seed: 0, normalization: 'filter', ignore: 'biasbn', activationParams: 'fixed', x: { min: -1, max: 1, num: 2 }, y: { min: -1, max: 1, num: 2 }, evaluation: { count: 10, seed: 0, batchSize: 256, includeTest: withTest }, mode: { kind: 'exact' } },
    xCoordinates: [-1, 1], yCoordinates: [-0.5, 0.5], arrays: ['trainLoss', 'trainAccuracy'], completedPoints: 3, metrics: null, pca: null, measuredError: null,
    timing: { seconds: 1, workers: 1, backend: 'cpu' }, createdAt, values, done: Uint8Array.from([1, 1, 1, 1]),
  };
}

describe('surface selection', () => {
  it('compares the latest surface of each run, in run order', () => {
    const list = [surface('a1', 'relu', '2025-01-01'), surface('b1', 'tsqrt', '2025-01-02'), surface('a2', 'relu', '2025-01-03')];
    expect(latestPerRun(list, ['tsqrt', 'relu']).map((s) => s.id)).toEqual(['b1', 'a2']);
  });

  it('offers only the grids every compared surface holds', () => {
    expect(commonArrays([surface('a', 'r', 'x', true), surface('b', 's', 'x')])).toEqual(['trainLoss', 'trainAccuracy']);
    expect(commonArrays([surface('a', 'r', 'x', true)])).toEqual(['trainLoss', 'trainAccuracy', 'testLoss']);
  });

  it('falls back to the train loss when a surface lacks the chosen grid', () => {
    expect(fieldFor(surface('a', 'r', 'x'), 'testLoss').quantity).toBe('train loss');
    expect(fieldFor(surface('a', 'r', 'x', true), 'testLoss').quantity).toBe('test loss');
  });

  it('shows accuracy grids in percent, so axes, colour bars and contours read 0–100', () => {
    const accuracy = fieldFor(surface('a', 'r', 'x'), 'trainAccuracy');
    expect(accuracy.quantity).toBe('train accuracy (%)');
    [90, 80, 70, 10].forEach((percent, i) => expect(accuracy.values[i]).toBeCloseTo(percent, 4));
    expect(scaleFor([accuracy], { logScale: false, clipMax: null }).hi).toBeCloseTo(90, 4);
  });

  it('keeps skipped backends and their reasons out of the header line, for a tooltip', () => {
    expect(runtimeSummary('TensorFlow.js wasm (skipped node-gpu: no CUDA; node: libtensorflow missing)')).toEqual({
      short: 'TensorFlow.js wasm',
      skipped: 'skipped node-gpu: no CUDA; node: libtensorflow missing',
    });
    expect(runtimeSummary('onnxruntime 1.30.0 cpu, 2 threads (cuda skipped: no provider), plane as graph inputs')).toEqual({
      short: 'onnxruntime 1.30.0 cpu, 2 threads, plane as graph inputs',
      skipped: 'cuda skipped: no provider',
    });
    expect(runtimeSummary('onnxruntime 1.30.0 cpu, 2 threads, plane as graph inputs').skipped).toBeNull();
  });

  it('names a surface in the picker without repeating its plane type', () => {
    const s = { ...surface('a', 'relu', 'x'), label: 'ReLU · random' };
    const text = pickerLabel(s);
    expect(text.startsWith('ReLU — random · filter')).toBe(true);
    expect(text.match(/random/g)).toHaveLength(1);
  });

  it('never puts accuracies on a log scale or clips them', () => {
    const accuracy = fieldFor(surface('a', 'r', 'x'), 'trainAccuracy');
    expect(scaleFor([accuracy], { logScale: true, clipMax: 0.5 })).toMatchObject({ kind: 'linear', clipMax: null });
    const loss = fieldFor(surface('a', 'r', 'x'), 'trainLoss');
    expect(scaleFor([loss], { logScale: true, clipMax: 2 })).toMatchObject({ kind: 'log', clipMax: 2 });
  });
});

describe('hover read-out', () => {
  it('reads the nearest grid point with every grid\'s value', () => {
    const field = fieldFor(surface('a', 'r', 'x'), 'trainLoss');
    const r = readoutAt(field, 0.8, 0.1)!;
    expect(r).toMatchObject({ index: 1, alpha: 1, beta: -0.5, state: 'ok' });
    expect(r.lines).toEqual([
      { quantity: 'train loss', text: '2' },
      { quantity: 'train accuracy (%)', text: '80.0 %' },
    ]);
    expect(coordinateText(r)).toBe('α = 1, β = −0.5');
  });

  it('says when a point is non-finite or not computed yet, and nothing off the grid', () => {
    const view = surface('a', 'r', 'x');
    const field = fieldFor(view, 'trainLoss');
    expect(readoutAt(field, 1, 1)!.lines[0].text).toBe('NaN (non-finite)');
    view.done[0] = 0;
    expect(readoutAt(fieldFor(view, 'trainLoss'), 0, 0)).toMatchObject({ state: 'pending', lines: [{ text: 'not computed yet' }, { text: 'not computed yet' }] });
    expect(readoutAt(field, -0.6, 0)).toBeNull();
    expect(readoutAt(field, 0, 1.6)).toBeNull();
  });
});
