import { describe, expect, it } from 'vitest';
import { poolPlanes } from '../../src-main/engine/study/plane-pooling.ts';

describe('surface metrics pooled over random planes and models', () => {
  it('judges the models’ means: three planes of a model are not three seeds', () => {
    // Means 2 and 5 (sd over models √4.5); each model's planes spread by 1 (pooled over 4 degrees of freedom).
    const pooled = poolPlanes([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(pooled).toMatchObject({ mean: 3.5, n: 2, planes: 3 });
    expect(pooled.betweenSd).toBeCloseTo(Math.sqrt(4.5), 12);
    expect(pooled.planeSd).toBeCloseTo(1, 12);
    expect(pooled.sd).toBeCloseTo(Math.sqrt(4.5), 12);
  });

  it('never lets the models’ spread fall below what the planes measure (s²_planes ÷ K)', () => {
    // Both models' means are 2: by chance no spread between them, but each model's two planes differ by 2.
    const pooled = poolPlanes([
      [1, 3],
      [2, 2],
    ]);
    expect(pooled.betweenSd).toBe(0);
    expect(pooled.planeSd).toBeCloseTo(1, 12); // (1 + 1 + 0 + 0) ÷ (1 + 1)
    expect(pooled.sd).toBeCloseTo(Math.sqrt(1 / 2), 12);
  });

  it('with one plane per model is the plain summary over seeds, and the direction noise unmeasured', () => {
    const pooled = poolPlanes([[1], [3], [5]]);
    expect(pooled).toMatchObject({ mean: 3, sd: 2, n: 3, planes: 1 });
    expect(pooled.planeSd).toBeNaN();
  });

  it('leaves out non-finite planes and models without a finite value', () => {
    const pooled = poolPlanes([[1, NaN, 3], [NaN], [Infinity, 2]]);
    expect(pooled).toMatchObject({ mean: 2, n: 2, planes: 2 });
    // Model 1: planes 1 and 3 (1 degree of freedom, squares 2); model 3: one plane.
    expect(pooled.planeSd).toBeCloseTo(Math.sqrt(2), 12);
  });

  it('of one model has no spread over seeds to judge by (n = 1)', () => {
    expect(poolPlanes([[1, 2, 3]])).toMatchObject({ mean: 2, sd: 0, n: 1, planes: 3, planeSd: 1 });
    expect(poolPlanes([])).toMatchObject({ n: 0, planes: 0 });
  });
});
