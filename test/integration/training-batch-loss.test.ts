/** The running loss per batch is saved with each run, point for point what the progress events showed live. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchLossX, type EngineEvent } from '../../src-main/contract.ts';
import { runTrainJob } from '../../src-main/engine/jobs/train-job.ts';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { recordingContext, temporaryFolder, tinyExperiment } from '../support/tiny-snapshot.ts';

describe('the running loss per batch in the snapshot', () => {
  it('holds every reported batch of every run, as the progress events gave it', { timeout: 120_000 }, async () => {
    const experiment = tinyExperiment([{ name: 'relu' }, { name: 'tswish' }]);
    for (const run of experiment.runs) run.train.epochs = 2;
    const out = join(await temporaryFolder('lab-batch-loss-'), 'tiny.lab');
    const events: EngineEvent[] = [];
    // The recording context does not throttle: one progress event per batch.
    await runTrainJob({ kind: 'train', experiment, out }, recordingContext(events));
    const snapshot = await readSnapshot(out);
    for (const run of snapshot.runs) {
      const live = events.flatMap((e) => (e.type === 'progress' && e.progress.runId === run.spec.id && e.progress.detail.loss !== undefined ? [e.progress.detail] : []));
      // 384 examples in batches of 64: 6 batches per epoch, 2 epochs.
      expect(live).toHaveLength(12);
      expect(run.batchLoss).toEqual({ x: live.map((d) => batchLossX(d.epoch!, d.batch!, d.batches!)), y: live.map((d) => d.loss) });
      expect(run.batchLoss!.x.at(-1)).toBe(2);
      // The last point of each epoch is that epoch's training loss.
      expect(run.batchLoss!.y[5]).toBeCloseTo(run.history[0].trainLoss, 6);
      expect(run.batchLoss!.y[11]).toBeCloseTo(run.history[1].trainLoss, 6);
    }
  });
});
