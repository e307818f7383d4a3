import { describe, expect, it } from 'vitest';
import { compareSummaries, judgeExtreme, judgeSimilar, judgeValue, kendallTau, noiseThreshold, summarise } from '../../src-main/engine/study/verdict-rule.ts';

describe('the verdict rule', () => {
  it('summarises seeds as mean and sample standard deviation, ignoring non-finite values', () => {
    expect(summarise([1, 2, 3])).toEqual({ mean: 2, sd: 1, n: 3 });
    expect(summarise([5, NaN])).toEqual({ mean: 5, sd: 0, n: 1 });
    expect(summarise([]).n).toBe(0);
  });

  it('sets the noise threshold at twice the standard error of the difference of means', () => {
    expect(noiseThreshold(summarise([1, 2, 3]), summarise([4, 5, 6]))).toBeCloseTo(2 * Math.sqrt(1 / 3 + 1 / 3), 12);
    expect(noiseThreshold(summarise([1]), summarise([4, 5, 6]))).toBeNaN();
    expect(noiseThreshold(summarise([7]), summarise([4]), true)).toBe(0);
  });

  it('reproduces a claim only when the difference is beyond the noise, in the claimed direction', () => {
    const a = summarise([90, 91, 92]);
    expect(compareSummaries(a, summarise([80, 81, 82]), 'higher').verdict).toBe('reproduced');
    expect(compareSummaries(a, summarise([80, 81, 82]), 'lower').verdict).toBe('not-reproduced');
    expect(compareSummaries(a, summarise([89, 91, 93]), 'higher').verdict).toBe('within-noise');
    expect(compareSummaries(summarise([90]), summarise([80]), 'higher').verdict).toBe('not-comparable');
  });

  it('never counts a difference smaller than the seeds’ own standard deviation', () => {
    // sd 1 on both sides, means 0.99 apart.
    expect(compareSummaries(summarise([1.99, 2.99, 3.99]), summarise([1, 2, 3]), 'higher').verdict).toBe('within-noise');
  });

  it('judges deterministic values with a zero threshold, and a tie supports neither side', () => {
    expect(compareSummaries(summarise([1677]), summarise([1730]), 'lower', true).verdict).toBe('reproduced');
    expect(compareSummaries(summarise([1730]), summarise([1730]), 'lower', true).verdict).toBe('within-noise');
  });

  it('makes an extreme fail as soon as one rival wins beyond the noise', () => {
    const win = compareSummaries(summarise([9, 10, 11]), summarise([1, 2, 3]), 'higher');
    const lose = compareSummaries(summarise([9, 10, 11]), summarise([19, 20, 21]), 'higher');
    const tie = compareSummaries(summarise([9, 10, 11]), summarise([9, 10, 11.5]), 'higher');
    expect(judgeExtreme([win, win])).toBe('reproduced');
    expect(judgeExtreme([win, tie])).toBe('within-noise');
    expect(judgeExtreme([win, tie, lose])).toBe('not-reproduced');
  });

  it('calls two means “about the same” within the margin, and different only beyond margin and noise', () => {
    expect(judgeSimilar(summarise([90, 91, 92]), summarise([90.5, 91.5, 92.5]), 1).verdict).toBe('reproduced');
    expect(judgeSimilar(summarise([90, 91, 92]), summarise([80, 81, 82]), 1).verdict).toBe('not-reproduced');
    expect(judgeSimilar(summarise([88, 91, 94]), summarise([90, 93, 96]), 1).verdict).toBe('within-noise');
  });

  it('accepts the study’s number within the tolerance or twice our standard error', () => {
    expect(judgeValue(summarise([63, 63.5, 64]), 63.3, 2).verdict).toBe('reproduced');
    expect(judgeValue(summarise([50, 51, 52]), 63.3, 2).verdict).toBe('not-reproduced');
    expect(judgeValue(summarise([50, 60, 70]), 63.3, 2).verdict).toBe('reproduced');
  });

  it('measures rank agreement with Kendall’s τ', () => {
    expect(kendallTau(['a', 'b', 'c'], ['a', 'b', 'c'])).toBe(1);
    expect(kendallTau(['c', 'b', 'a'], ['a', 'b', 'c'])).toBe(-1);
    expect(kendallTau(['a', 'c', 'b'], ['a', 'b', 'c'])).toBeCloseTo(1 / 3, 12);
  });
});
