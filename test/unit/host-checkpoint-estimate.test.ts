import { describe, expect, it } from 'vitest';
import { plannedCheckpointCount, RunSpecSchema } from '../../src-main/contract.ts';
import { describeCheckpoints } from '../../src-main/host/checkpoint-estimate.ts';

const runWith = (train: Record<string, unknown>) => RunSpecSchema.parse({ id: 'relu', label: 'ReLU', activation: { name: 'relu' }, network: {}, train });

describe('checkpoints in the training estimate', () => {
  it('counts the initial weights, one per interval, and the final weights once', () => {
    expect(plannedCheckpointCount({ epochs: 3, checkpointEvery: 1 }, 10)).toBe(4);
    expect(plannedCheckpointCount({ epochs: 3, checkpointEvery: 2 }, 10)).toBe(3);
    expect(plannedCheckpointCount({ epochs: 3, checkpointEvery: 0 }, 10)).toBe(2);
    // 1 epoch of 10 batches every 3 steps: 0, 3, 6, 9 and the final 10.
    expect(plannedCheckpointCount({ epochs: 1, checkpointEvery: 3, checkpointUnit: 'steps' }, 10)).toBe(5);
    expect(plannedCheckpointCount({ epochs: 2, checkpointEvery: 4, checkpointUnit: 'steps' }, 10)).toBe(6);
  });

  it('says how many there will be and how large they are at most', () => {
    // 2,000 examples in batches of 64: 32 steps per epoch, 96 in 3 epochs; every 20 steps: 0, 20, 40, 60, 80 and 96.
    const bySteps = runWith({ epochs: 3, batchSize: 64, checkpointEvery: 20, checkpointUnit: 'steps' });
    expect(describeCheckpoints([bySteps], 2000, () => 100_000)).toBe('Checkpoints: 6 per run (every 20 steps), 0.4 MB each, at most 2.4 MB in all.');
    expect(describeCheckpoints([runWith({ epochs: 3 })], 2000, () => undefined)).toBe('Checkpoints: 4 per run (every epoch).');
  });
});
