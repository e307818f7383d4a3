/** The plain surface summary says where the points came from on --resume, as --json does. */
import { describe, expect, it } from 'vitest';
import { formatSurfaceSummary } from '../../src-main/cli/surface-summary.ts';
import type { SurfaceResult, SurfaceSummary } from '../../src-main/engine/jobs/surface-job.ts';

function result(surface: Partial<SurfaceSummary>): SurfaceResult {
  return {
    snapshot: '/tmp/demo.lab',
    backend: 'wasm',
    workers: 2,
    estimate: null,
    surfaces: [
      { id: 'relu-random', runId: 'relu', label: 'ReLU', completedPoints: 441, computedPoints: 441, totalPoints: 441, secondsPerPoint: 0.1, seconds: 44, metrics: null, measuredError: null, ...surface } as SurfaceSummary,
    ],
  };
}

describe('the plain surface summary', () => {
  it('says how many points came from the journal on --resume', () => {
    expect(formatSurfaceSummary(result({ computedPoints: 120 }))).toContain('relu-random (ReLU): 441/441 points (321 from the journal, 120 computed now) in 44 s');
  });

  it('says nothing of a journal when every point was computed now', () => {
    const text = formatSurfaceSummary(result({}));
    expect(text).toContain('relu-random (ReLU): 441/441 points in 44 s');
    expect(text).not.toContain('journal');
  });

  it('prints the estimate as setup once per surface plus points × the warm per-point cost', () => {
    const estimate = { points: 441, secondsPerPoint: 0.05, setupSeconds: 1.7, planeSeconds: 0.6, estimatedSeconds: 1.7 + 441 * 0.05 };
    expect(formatSurfaceSummary({ ...result({}), estimate, surfaces: [] })).toBe(
      'Estimate: 1.7 s setup per surface (warm-up, 0.6 s of it the plane) + 441 points × 0.05 s/point ÷ 2 workers ≈ 23.8 s\n',
    );
  });

  it('never claims a fast-mode error of 0 % without a check behind it', () => {
    const allExact = formatSurfaceSummary(result({ measuredError: { maxRelative: 0, checkedPoints: 0, estimatedPoints: 0 } }));
    expect(allExact).toContain('every point was computed on all examples: nothing estimated, no error to measure');
    expect(allExact).not.toContain('0%');
    const checked = formatSurfaceSummary(result({ measuredError: { maxRelative: 0.00216, checkedPoints: 16, estimatedPoints: 144 } }));
    expect(checked).toContain('max relative error 0.216% over 16 of 144 estimated points recomputed exactly');
  });
});
