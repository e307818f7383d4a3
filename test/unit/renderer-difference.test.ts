import { describe, expect, it } from 'vitest';
import type { SurfaceView } from '../../src-main/contract/app.ts';
import { differenceField, incompatibility } from '../../src-renderer/lib/difference-surface.ts';
import { fieldFromSurface } from '../../src-renderer/lib/grid-field.ts';

function surface(id: string, loss: number[], done = loss.map(() => 1), overrides: Partial<SurfaceView> = {}): SurfaceView {
  return {
    id,
    runId: id,
    label: id.toUpperCase(),
    recipe: {
      direction: 'random', seed: 0, normalization: 'filter', ignore: 'biasbn', activationParams: 'fixed',
      x: { min: -1, max: 1, num: 2 }, y: { min: -1, max: 1, num: 2 },
      evaluation: { count: 10, seed: 0, batchSize: 256, includeTest: false }, mode: { kind: 'exact' },
    },
    xCoordinates: [-1, 1],
    yCoordinates: [-1, 1],
    arrays: ['trainLoss', 'trainAccuracy'],
    completedPoints: 4,
    metrics: null,
    pca: null,
    measuredError: null,
    timing: { seconds: 1, workers: 1, backend: 'cpu' },
    createdAt: '2025-01-01T00:00:00Z',
    values: { trainLoss: Float32Array.from(loss), trainAccuracy: new Float32Array(loss.length).fill(0.5) },
    done: Uint8Array.from(done),
    ...overrides,
  };
}

describe('difference surface', () => {
  it('subtracts b from a point by point', () => {
    const a = fieldFromSurface(surface('a', [3, 2, 1, 4]), 'trainLoss')!;
    const b = fieldFromSurface(surface('b', [1, 2, 3, 0.5]), 'trainLoss')!;
    const diff = differenceField(a, b);
    expect(Array.from(diff.values)).toEqual([2, 0, -2, 3.5]);
    expect(diff.kind).toBe('difference');
    expect(diff.label).toBe('A − B');
    expect(diff.quantity).toBe('Δ train loss');
  });

  it('is missing where either surface is missing, and non-finite where either value is', () => {
    const a = fieldFromSurface(surface('a', [1, Infinity, 1, 1], [1, 1, 0, 1]), 'trainLoss')!;
    const b = fieldFromSurface(surface('b', [1, 1, 1, NaN], [1, 1, 1, 1]), 'trainLoss')!;
    const diff = differenceField(a, b);
    expect(Array.from(diff.done)).toEqual([1, 1, 0, 1]);
    expect(diff.values[0]).toBe(0);
    expect(diff.values[1]).toBe(Infinity);
    expect(Number.isNaN(diff.values[2])).toBe(true);
    expect(Number.isNaN(diff.values[3])).toBe(true);
  });

  it('keeps both operands for the hover read-out', () => {
    const diff = differenceField(fieldFromSurface(surface('a', [1, 2, 3, 4]), 'trainLoss')!, fieldFromSurface(surface('b', [0, 0, 0, 0]), 'trainLoss')!);
    expect(diff.readouts.map((r) => r.quantity)).toEqual(['train loss (A)', 'train loss (B)']);
  });

  it('accepts two surfaces on the same grid and plane recipe', () => {
    expect(incompatibility(surface('a', [1, 1, 1, 1]), surface('b', [1, 1, 1, 1]))).toBeNull();
  });

  it('refuses surfaces on different grids, with the reason', () => {
    const b = surface('b', [1, 1, 1, 1], undefined, { xCoordinates: [-2, 2] });
    expect(incompatibility(surface('a', [1, 1, 1, 1]), b)).toMatch(/grids differ/);
    const a = fieldFromSurface(surface('a', [1, 1, 1, 1]), 'trainLoss')!;
    expect(() => differenceField(a, fieldFromSurface(b, 'trainLoss')!)).toThrow(/same grid/);
  });

  it('refuses surfaces on different kinds of plane', () => {
    const a = surface('a', [1, 1, 1, 1]);
    const b = surface('b', [1, 1, 1, 1]);
    b.recipe = { ...b.recipe, normalization: 'layer' };
    expect(incompatibility(a, b)).toMatch(/normalisation/);
    expect(incompatibility(a, a)).toMatch(/two different/);
  });
});
