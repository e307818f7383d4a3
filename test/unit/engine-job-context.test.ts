import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../src-main/contract.ts';
import { createJobContext } from '../../src-main/engine/jobs/job-context.ts';

function recorder(): { events: EngineEvent[]; send: (event: EngineEvent) => void } {
  const events: EngineEvent[] = [];
  return { events, send: (event) => events.push(event) };
}

const lastEta = (events: EngineEvent[]): number | null => {
  const last = events.at(-1);
  if (last?.type !== 'progress') throw new Error('no progress event');
  return last.progress.etaSeconds;
};

afterEach(() => {
  vi.useRealTimers();
});

describe('job progress', () => {
  it('estimates the time left at the pace of the current phase when done counts the whole job', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { events, send } = recorder();
    const context = createJobContext('j', send, new AbortController().signal, 0);
    // Epoch 1 of run 1: 10 of 40 batches in 10 s.
    context.progress({ phase: 'Training A (epoch 1/2)', done: 0, total: 40 });
    vi.advanceTimersByTime(10_000);
    context.progress({ phase: 'Training A (epoch 1/2)', done: 10, total: 40 });
    expect(lastEta(events)).toBeCloseTo(30, 5);
    // A new phase starts at 30 of 40 done; 5 batches in 5 s leave 5 batches: 5 s, not a fraction of the phase's time.
    context.progress({ phase: 'Training B (epoch 2/2)', done: 30, total: 40 });
    vi.advanceTimersByTime(5000);
    context.progress({ phase: 'Training B (epoch 2/2)', done: 35, total: 40 });
    expect(lastEta(events)).toBeCloseTo(5, 5);
  });

  it('estimates a phase with its own count (the metrics phase) from that count, and sends it on', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { events, send } = recorder();
    const context = createJobContext('j', send, new AbortController().signal, 0);
    // Every point of the surface is done; the Hessian-vector products go on: 4 of 30 in 8 s leave 26 × 2 s.
    context.progress({ phase: 'Hessian λmax and Tr H of ReLU', done: 441, total: 441, phaseCount: { done: 0, total: 30 } });
    vi.advanceTimersByTime(8000);
    context.progress({ phase: 'Hessian λmax and Tr H of ReLU', done: 441, total: 441, phaseCount: { done: 4, total: 30 } });
    expect(lastEta(events)).toBeCloseTo(52, 5);
    const last = events.at(-1);
    expect(last?.type === 'progress' && last.progress.phaseCount).toEqual({ done: 4, total: 30 });
  });

  it('gives no estimate before the phase has made progress', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { events, send } = recorder();
    const context = createJobContext('j', send, new AbortController().signal, 0);
    context.progress({ phase: 'Loading data', done: 0, total: 1 });
    vi.advanceTimersByTime(2000);
    context.progress({ phase: 'Loading data', done: 0, total: 1 });
    expect(lastEta(events)).toBeNull();
  });
});
