import { describe, expect, it } from 'vitest';
import type { SurfaceMetrics } from '../../src-main/contract/surface.ts';
import { bestInColumn, METRIC_COLUMNS, nextSort, sortRows, type MetricsRow } from '../../src-renderer/lib/metrics-table.ts';

function metrics(centreLoss: number, hessian: number | null): SurfaceMetrics {
  return {
    centre: { loss: centreLoss, accuracy: 0.9 },
    minimum: { loss: centreLoss, x: 0, y: 0, offset: 0, centreIsMinimum: true },
    curvature: { x: 1, y: 2 },
    sharpness: { epsilon: 0.1, value: 3 },
    basin: { belowTwiceCentre: 0.4, threshold: null, belowThreshold: null },
    roughness: { laplacian: 0.1, localMinima: 1 },
    hessian: hessian === null ? null : { topEigenvalue: hessian, powerIterations: 20, trace: 10, traceSamples: 10 },
    nonFinitePoints: 0,
    warnings: [],
  };
}

const rows: MetricsRow[] = [
  { surfaceId: 's1', runId: 'relu', label: 'ReLU', metrics: metrics(0.5, 12) },
  { surfaceId: 's2', runId: 'tsqrt', label: 'TSQRT', metrics: metrics(2.5, null) },
  { surfaceId: 's3', runId: 'gelu', label: 'GELU', metrics: metrics(0.2, 40) },
  { surfaceId: 's4', runId: 'selu', label: 'SELU', metrics: null },
  { surfaceId: 's5', runId: 'swish', label: 'Swish', metrics: metrics(NaN, 5) },
];

const ids = (sorted: MetricsRow[]) => sorted.map((r) => r.surfaceId);

describe('metrics table', () => {
  it('sorts by a metric ascending and descending', () => {
    expect(ids(sortRows(rows, { key: 'centreLoss', direction: 'ascending' }))).toEqual(['s3', 's1', 's2', 's4', 's5']);
    expect(ids(sortRows(rows, { key: 'centreLoss', direction: 'descending' }))).toEqual(['s2', 's1', 's3', 's4', 's5']);
  });

  it('keeps rows without a value last in both directions, in their original order', () => {
    expect(ids(sortRows(rows, { key: 'hessianTop', direction: 'ascending' }))).toEqual(['s5', 's1', 's3', 's2', 's4']);
    expect(ids(sortRows(rows, { key: 'hessianTop', direction: 'descending' }))).toEqual(['s3', 's1', 's5', 's2', 's4']);
  });

  it('keeps ties in their original order', () => {
    expect(ids(sortRows(rows, { key: 'curvatureX', direction: 'descending' }))).toEqual(['s1', 's2', 's3', 's5', 's4']);
  });

  it('sorts by run label alphabetically', () => {
    expect(ids(sortRows(rows, { key: 'label', direction: 'ascending' }))).toEqual(['s3', 's1', 's4', 's5', 's2']);
  });

  it('a click on a new header sorts ascending; a second click flips the direction', () => {
    const first = nextSort(null, 'sharpness');
    expect(first).toEqual({ key: 'sharpness', direction: 'ascending' });
    expect(nextSort(first, 'sharpness')).toEqual({ key: 'sharpness', direction: 'descending' });
    expect(nextSort(first, 'basin')).toEqual({ key: 'basin', direction: 'ascending' });
  });

  it('marks the best value of a column by its direction', () => {
    const loss = METRIC_COLUMNS.find((c) => c.key === 'centreLoss')!;
    expect([...bestInColumn(rows, loss)]).toEqual(['s3']);
    const accuracy = METRIC_COLUMNS.find((c) => c.key === 'centreAccuracy')!;
    expect(bestInColumn(rows, accuracy).size).toBe(4);
  });

  it('has one column per metric of the contract, each with a tooltip', () => {
    expect(METRIC_COLUMNS.map((c) => c.key)).toEqual(
      expect.arrayContaining(['centreLoss', 'minimumOffset', 'curvatureX', 'sharpness', 'basin', 'roughness', 'localMinima', 'hessianTop', 'hessianTrace']),
    );
    for (const column of METRIC_COLUMNS) expect(column.title.length).toBeGreaterThan(10);
  });
});

describe('metric columns say what they measure', () => {
  const column = (key: string) => METRIC_COLUMNS.find((c) => c.key === key)!;

  it('give curvature, λ max and Tr H a tooltip with what they are and their units', () => {
    expect(column('curvatureX').title).toMatch(/∂²L\/∂α².*Units: loss per \(plane unit\)²/);
    expect(column('hessianTop').title).toMatch(/eigenvalue.*Units: loss per \(weight unit\)²/);
    expect(column('hessianTrace').title).toMatch(/Hutchinson.*standard error.*Units: loss per \(weight unit\)²/);
  });

  it('show Tr H with its standard error and the number of samples', () => {
    const m = { ...metrics(0.5, 14.9), hessian: { topEigenvalue: 14.9, powerIterations: 20, trace: -625, traceSamples: 4, traceStandardError: 700 } };
    expect(column('hessianTrace').detail!(m)).toBe('± 700');
    expect(column('hessianTrace').detail!({ ...m, hessian: { ...m.hessian, traceStandardError: 6130.4 } })).toBe('± 6,130');
    expect(column('hessianTrace').cellTitle!(m)).toContain('4 Hutchinson samples');
  });

  it('show "—" with the reason for a sharpness whose ε-ball held only the centre, and ε otherwise', () => {
    const empty = { ...metrics(0.5, null), sharpness: { epsilon: 0.1, value: 0 }, warnings: ['The ε-ball (ε = 0.1) holds no grid point besides the centre, so its sharpness is 0 by construction: use a finer grid or a larger ε.'] };
    const sharpness = column('sharpness');
    expect(sharpness.format(sharpness.value(empty))).toBe('—');
    expect(sharpness.cellTitle!(empty)).toMatch(/holds no grid point/);
    expect(sharpness.cellTitle!(metrics(0.5, null))).toBe('ε = 0.1 (plane units)');
  });
});
