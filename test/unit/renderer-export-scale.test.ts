import { describe, expect, it } from 'vitest';
import { exportScale, MIN_EXPORT_WIDTH } from '../../src-renderer/lib/export-scale.ts';

describe('PNG export size', () => {
  it('is the view at the display pixel ratio when that is already wide enough', () => {
    expect(exportScale(1000, 2)).toBe(2);
    expect(exportScale(1800, 1)).toBe(1);
  });

  it('is at least 1600 pixels wide for a small panel on a 1× display', () => {
    expect(Math.round(400 * exportScale(400, 1))).toBe(MIN_EXPORT_WIDTH);
    expect(Math.round(300 * exportScale(300, 2))).toBe(MIN_EXPORT_WIDTH);
  });

  it('treats a missing pixel ratio as 1', () => {
    expect(exportScale(2000, Number.NaN)).toBe(1);
    expect(exportScale(2000, 0)).toBe(1);
  });
});
