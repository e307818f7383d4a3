import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../../src-main/engine/data/seeded-random.ts';
import { pcaPlane } from '../../src-main/engine/landscape/pca.ts';
import { symmetricEigen } from '../../src-main/engine/landscape/symmetric-eigen.ts';
import type { WeightLayout } from '../../src-main/engine/training/weights.ts';

function layoutOf(weights: Array<[string, number[]]>): WeightLayout {
  const offsets: number[] = [];
  let size = 0;
  for (const [, shape] of weights) {
    offsets.push(size);
    size += shape.reduce((n, d) => n * d, 1);
  }
  return { names: weights.map(([n]) => n), shapes: weights.map(([, s]) => s), offsets, size };
}

const gaussians = (n: number, seed: number): Float64Array => {
  const random = mulberry32(seed);
  return Float64Array.from({ length: n }, () => gaussian(random));
};
const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe('the PCA plane of a trajectory', () => {
  const layout = layoutOf([
    ['conv1/kernel', [5, 5, 3, 8]],
    ['conv1/bias', [8]],
    ['bn1/moving_mean', [8]],
    ['dense1/kernel', [100, 20]],
  ]);
  const p = layout.size;
  const final = Float32Array.from(gaussians(p, 1));
  // BN statistics are never part of a PCA plane, so the known plane does not move them.
  const isStatistic = (e: number): boolean => e >= layout.offsets[2] && e < layout.offsets[3];
  const a = gaussians(p, 2).map((v, e) => (isStatistic(e) ? 0 : v));
  const b = gaussians(p, 3).map((v, e) => (isStatistic(e) ? 0 : 0.5 * v + 0.3 * a[e])); // not orthogonal to a
  const steps = Array.from({ length: 9 }, (_, i) => ({ s: (9 - i) * 0.4 + 0.1 * Math.sin(3 * i), t: 0.8 * Math.cos(i) * (9 - i) * 0.1 }));
  const checkpoints = steps.map(({ s, t }) => final.map((f, e) => f + s * a[e] + t * b[e]));

  it('recovers a plane the trajectory lies in, with every checkpoint on it', () => {
    const plane = pcaPlane(checkpoints, final, { layout, ignore: 'none', epochs: steps.map((_, i) => i + 1) });
    const [pc1, pc2] = plane.directions;
    expect(dot(pc1, pc1)).toBeCloseTo(1, 6);
    expect(dot(pc2, pc2)).toBeCloseTo(1, 6);
    expect(Math.abs(dot(pc1, pc2))).toBeLessThan(1e-6);
    // a and b lie in span(pc1, pc2).
    for (const v of [a, b]) {
      const r = v.map((ve, e) => ve - dot(v, pc1) * pc1[e] - dot(v, pc2) * pc2[e]);
      expect(Math.sqrt(dot(r, r)) / Math.sqrt(dot(v, v))).toBeLessThan(1e-5);
    }
    expect(plane.explainedVarianceRatio[0] + plane.explainedVarianceRatio[1]).toBeGreaterThan(1 - 1e-9);
    expect(plane.explainedVarianceRatio[0]).toBeGreaterThanOrEqual(plane.explainedVarianceRatio[1]);
    plane.trajectory.forEach((point, i) => {
      const d = checkpoints[i].map((c, e) => c - final[e]);
      const size = Math.sqrt(dot(d, d));
      expect(point.epoch).toBe(i + 1);
      expect(point.distance / size).toBeLessThan(1e-5);
      const rebuilt = d.map((de, e) => de - point.x * pc1[e] - point.y * pc2[e]);
      expect(Math.sqrt(dot(rebuilt, rebuilt)) / size).toBeLessThan(1e-5);
    });
  });

  it('reports the distance of a checkpoint off the plane', () => {
    const off = gaussians(p, 4).map((v) => v * 0.01);
    const bent = checkpoints.map((c, i) => (i === 4 ? c.map((v, e) => v + off[e]) : c));
    const plane = pcaPlane(bent, final, { layout, ignore: 'none' });
    expect(plane.trajectory[4].distance).toBeGreaterThan(0.5 * Math.sqrt(dot(off, off)));
    expect(plane.trajectory[0].distance).toBeLessThan(plane.trajectory[4].distance);
  });

  it('leaves rank ≤ 1 parameters out with ignore biasbn, and BN statistics out always', () => {
    const [start, end] = [layout.offsets[1], layout.offsets[3]];
    for (const ignore of ['biasbn', 'none'] as const) {
      const plane = pcaPlane(checkpoints, final, { layout, ignore });
      const stats = plane.directions[0].subarray(layout.offsets[2], end);
      expect(Array.from(stats).every((v) => v === 0)).toBe(true);
      const bias = plane.directions[0].subarray(start, layout.offsets[2]);
      expect(Array.from(bias).every((v) => v === 0)).toBe(ignore === 'biasbn');
    }
  });

  it('refuses fewer than three points and a trajectory on a line', () => {
    expect(() => pcaPlane(checkpoints.slice(0, 2), final, { layout, ignore: 'none' })).toThrow(/at least 3/);
    const line = [1, 2, 3, 4].map((s) => final.map((f, e) => f + s * a[e]));
    expect(() => pcaPlane(line, final, { layout, ignore: 'none' })).toThrow(/fewer than two dimensions/);
  });
});

describe('PCA as sklearn computes it', () => {
  const layout = { names: ['dense/kernel'], shapes: [[3, 2]], offsets: [0], size: 6 };
  const final = Float32Array.from(gaussians(6, 10));
  const rows = Array.from({ length: 5 }, (_, i) => Float32Array.from(gaussians(6, 20 + i)));

  /** The top-2 eigenpairs of the covariance of the centred rows (checkpoint − final), brute force over p×p. */
  function covariancePca(data: Float64Array[]): { vectors: Float64Array[]; ratios: number[] } {
    const n = data.length;
    const mean = Array.from({ length: 6 }, (_, e) => data.reduce((s, r) => s + r[e], 0) / n);
    const covariance = new Float64Array(36);
    for (const r of data) for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) covariance[i * 6 + j] += ((r[i] - mean[i]) * (r[j] - mean[j])) / (n - 1);
    const eigen = symmetricEigen(covariance, 6);
    const total = eigen.values.reduce((s, v) => s + v, 0);
    return { vectors: eigen.vectors.slice(0, 2), ratios: eigen.values.slice(0, 2).map((v) => v / total) };
  }

  it('centres the rows, and matches the covariance eigenvectors and explained variance ratios', () => {
    for (const includeFinal of [false, true]) {
      const plane = pcaPlane(rows, final, { layout, ignore: 'none', includeFinal });
      const data = rows.map((r) => Float64Array.from(r, (v, e) => v - final[e]));
      if (includeFinal) data.push(new Float64Array(6));
      const reference = covariancePca(data);
      plane.directions.forEach((direction, k) => expect(Math.abs(dot(direction, reference.vectors[k]))).toBeCloseTo(1, 6));
      plane.explainedVarianceRatio.forEach((ratio, k) => expect(ratio).toBeCloseTo(reference.ratios[k], 10));
    }
  });

  it("flips signs as sklearn's svd_flip does: each component's largest-magnitude score is positive", () => {
    const plane = pcaPlane(rows, final, { layout, ignore: 'none' });
    const data = rows.map((r) => Float64Array.from(r, (v, e) => v - final[e]));
    const mean = Array.from({ length: 6 }, (_, e) => data.reduce((s, r) => s + r[e], 0) / data.length);
    for (const direction of plane.directions) {
      const scores = data.map((r) => dot(r.map((v, e) => v - mean[e]), direction));
      const largest = scores.reduce((best, s) => (Math.abs(s) > Math.abs(best) ? s : best), 0);
      expect(largest).toBeGreaterThan(0);
    }
  });
});

describe('the symmetric eigen-solver', () => {
  it('decomposes a symmetric matrix into orthonormal eigenvectors, largest eigenvalue first', () => {
    const n = 7;
    const g = gaussians(n * n, 5);
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = g[i * n + j] + g[j * n + i];
    const { values, vectors } = symmetricEigen(m, n);
    expect([...values].sort((x, y) => y - x)).toEqual(values);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(dot(vectors[i], vectors[j])).toBeCloseTo(i === j ? 1 : 0, 12);
        const rebuilt = values.reduce((s, lambda, k) => s + lambda * vectors[k][i] * vectors[k][j], 0);
        expect(rebuilt).toBeCloseTo(m[i * n + j], 12);
      }
    }
  });
});
