/** The CLI's plain progress lines (logs, job arrays): the metrics phase says its own count, not the finished points. */
import { describe, expect, it } from 'vitest';
import { formatProgressLine } from '../../src-main/cli/progress-bar.ts';
import type { JobProgress } from '../../src-main/contract.ts';

const progress = (update: Partial<JobProgress>): JobProgress => ({ phase: 'Surface of ReLU', done: 120, total: 441, etaSeconds: 65, runId: 'relu', detail: {}, ...update });

describe('the CLI progress line', () => {
  it('counts the job where the phase has no count of its own', () => {
    expect(formatProgressLine(progress({}))).toBe('Surface of ReLU: 120/441 (27%), ETA 1m05s');
  });

  it('counts the Hessian products in the metrics phase, with that phase’s ETA', () => {
    const metrics = progress({ phase: 'Hessian λmax and Tr H of ReLU', done: 441, total: 441, phaseCount: { done: 7, total: 30 }, etaSeconds: 40 });
    expect(formatProgressLine(metrics)).toBe('Hessian λmax and Tr H of ReLU: 7/30 (23%), ETA 40s');
  });
});
