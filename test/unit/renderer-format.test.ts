import { describe, expect, it } from 'vitest';
import { logTicks, niceTicks, tickLabels } from '../../src-renderer/lib/axis-ticks.ts';
import { baseName, formatAccuracy, formatBytes, formatCount, formatCoordinate, formatDuration, formatEta, formatLoss, formatNumber } from '../../src-renderer/lib/format.ts';

describe('number formatting', () => {
  it('shows losses with four significant digits and a typographic minus', () => {
    expect(formatLoss(2.302585)).toBe('2.303');
    expect(formatLoss(0.5)).toBe('0.5');
    expect(formatNumber(-1.25, 3)).toBe('−1.25');
  });

  it('switches to exponent notation for very small and very large numbers', () => {
    expect(formatNumber(1.234e-5, 3)).toBe('1.23e−5');
    expect(formatNumber(4.8e6, 2)).toBe('4.8e6');
  });

  it('names non-finite and missing values instead of hiding them', () => {
    expect(formatLoss(NaN)).toBe('NaN');
    expect(formatLoss(Infinity)).toBe('∞');
    expect(formatAccuracy(-Infinity)).toBe('−∞');
    expect(formatLoss(null)).toBe('—');
  });

  it('shows accuracies as percentages', () => {
    expect(formatAccuracy(0.6331)).toBe('63.3 %');
  });

  it('shows durations and ETAs for people', () => {
    expect(formatDuration(4.26)).toBe('4.3 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(7620)).toBe('2 h 07 min');
    expect(formatEta(null)).toBe('estimating…');
    expect(formatEta(185)).toBe('3 min 05 s left');
  });

  it('groups thousands and compacts large counts', () => {
    expect(formatCount(4812346)).toBe('4\u2009812\u2009346');
    expect(formatCount(4812346, true)).toBe('4.8 M');
    expect(formatBytes(170_500_000)).toBe('170.5 MB');
  });

  it('formats plane coordinates without float noise', () => {
    expect(formatCoordinate(0.30000000000000004)).toBe('0.3');
    expect(formatCoordinate(-0.0001)).toBe('0');
    expect(formatCoordinate(-0.5)).toBe('−0.5');
    expect(baseName('/home/me/runs/study.lab')).toBe('study.lab');
  });
});

describe('axis ticks', () => {
  it('picks round linear ticks without float drift', () => {
    expect(niceTicks(-1, 1, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(2.2, 2.9, 3)).toEqual([2.2, 2.4, 2.6, 2.8]);
  });

  it('picks decades, and 2× and 5× inside a narrow log range', () => {
    expect(logTicks(-2, 2)).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(logTicks(0, 1)).toEqual([1, 2, 5, 10]);
  });

  it('falls back to linear ticks inside one decade', () => {
    const ticks = logTicks(Math.log10(2), Math.log10(3));
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (const t of ticks) expect(t).toBeGreaterThanOrEqual(2);
  });

  it('labels ticks with as many digits as it takes to tell neighbours apart', () => {
    expect(tickLabels([0.4995, 0.5, 0.5005, 0.501])).toEqual(['0.4995', '0.5', '0.5005', '0.501']);
    expect(tickLabels([0.2, 0.4, 0.6])).toEqual(['0.2', '0.4', '0.6']);
    expect(tickLabels([1234.5, null, 1234.6])).toEqual(['1234.5', '', '1234.6']);
  });
});
