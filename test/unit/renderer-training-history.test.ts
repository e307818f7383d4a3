import { describe, expect, it } from 'vitest';
import type { EpochRecord, ExperimentSpec } from '../../src-main/contract/experiment.ts';
import type { RunRecord } from '../../src-main/contract/snapshot.ts';
import { activationParamColumns, batchLossColumns, epochColumns } from '../../src-renderer/lib/chart-data.ts';
import { jobEta, jobFraction, JobTracker, phaseCountText, runProgress } from '../../src-renderer/lib/jobs.ts';
import { TrainingHistory } from '../../src-renderer/lib/training-history.ts';

const run = (id: string, epochs = 3) => ({
  id, label: id.toUpperCase(), activation: { name: id, scope: 'layer' as const },
  network: { preset: 'tiny' as const, batchNorm: false, bnAffine: 'trainable' as const, dropout: 0 },
  train: { epochs, batchSize: 32, learningRate: 1e-3, activationLearningRate: 1e-5, seed: 1, checkpointEvery: 1 },
});
const spec: ExperimentSpec = { name: 'e', data: { source: 'mnist', subsetSeed: 0, downsample: 1 }, runs: [run('relu'), run('tsqrt')] };
const epoch = (n: number, loss: number, params: Record<string, number[]> = {}): EpochRecord => ({
  epoch: n, trainLoss: loss, trainAccuracy: 0.5, testLoss: loss + 0.1, testAccuracy: 0.4, activationParams: params, seconds: 1,
});
const progress = (runId: string, epochNo: number, batch: number, loss: number) => ({
  phase: 'Training', done: batch, total: 100, etaSeconds: null, runId, detail: { loss, epoch: epochNo, batch, batches: 10 },
});

describe('training history', () => {
  it('queues the runs of a new experiment and counts epochs as they stream in', () => {
    const h = new TrainingHistory();
    h.startExperiment(spec, null);
    h.assignJob('j1');
    expect(h.runs.map((r) => [r.id, r.status, r.jobId])).toEqual([['relu', 'queued', 'j1'], ['tsqrt', 'queued', 'j1']]);
    h.runStarted('j1', 'relu', { trainable: 10, total: 12, activation: 0 });
    h.epochFinished('j1', 'relu', epoch(1, 2));
    h.epochFinished('j1', 'relu', epoch(2, 1.5));
    h.epochFinished('j1', 'relu', epoch(2, 1.4));
    expect(h.epochCounts()).toEqual({ relu: 2, tsqrt: 0 });
    expect(h.get('relu')!.epochs[1].trainLoss).toBe(1.4);
  });

  it('marks a run completed at its last epoch while the next run of the job trains', () => {
    const h = new TrainingHistory();
    h.startExperiment(spec, 'j1');
    h.runStarted('j1', 'relu', { trainable: 1, total: 1, activation: 0 });
    for (const n of [1, 2]) h.epochFinished('j1', 'relu', epoch(n, 1));
    expect(h.get('relu')!.status).toBe('training');
    h.epochFinished('j1', 'relu', epoch(3, 1));
    h.runStarted('j1', 'tsqrt', { trainable: 1, total: 1, activation: 0 });
    expect(h.runs.map((r) => r.status)).toEqual(['completed', 'training']);
    h.jobFinished('j1', true, false, null);
    expect(h.runs.map((r) => r.status)).toEqual(['completed', 'completed']);
  });

  it('adds running-loss points at fractional epochs and drops replays', () => {
    const h = new TrainingHistory();
    h.startExperiment(spec, 'j1');
    expect(h.batchProgress(progress('relu', 1, 5, 2.1))).toBe(true);
    expect(h.batchProgress(progress('relu', 2, 5, 1.1))).toBe(true);
    expect(h.batchProgress(progress('relu', 1, 5, 2.1))).toBe(false);
    expect(h.get('relu')!.batchLoss).toEqual({ x: [0.5, 1.5], y: [2.1, 1.1] });
  });

  it('closes the runs of a cancelled job, and of a failed one with its message', () => {
    const h = new TrainingHistory();
    h.startExperiment(spec, 'j1');
    h.runStarted('j1', 'relu', { trainable: 1, total: 1, activation: 0 });
    h.jobFinished('j1', false, true, null);
    expect(h.runs.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    h.startExperiment(spec, 'j2');
    h.jobFinished('j2', false, false, 'Out of memory.');
    expect(h.get('tsqrt')).toMatchObject({ status: 'failed', message: 'Out of memory.' });
  });

  it('takes statuses and histories from the snapshot a job wrote', () => {
    const h = new TrainingHistory();
    h.startExperiment(spec, 'j1');
    h.batchProgress(progress('relu', 1, 5, 2));
    const record = { spec: run('relu'), status: 'diverged', message: 'Loss became NaN at epoch 2.', parameterCounts: { trainable: 5, total: 5, activation: 0 }, history: [epoch(1, 2)] } as unknown as RunRecord;
    h.applySnapshotRuns([record], false);
    expect(h.get('relu')).toMatchObject({ status: 'diverged', message: 'Loss became NaN at epoch 2.', divergedAt: null });
    expect(h.get('relu')!.batchLoss.x).toEqual([0.5]);
    h.applySnapshotRuns([record], true);
    expect(h.runs.map((r) => r.id)).toEqual(['relu']);
  });

  it('loads the running loss per batch from an opened snapshot, and says when the snapshot has none', () => {
    const h = new TrainingHistory();
    const batchLoss = { x: [0.25, 0.5, 0.75, 1, 1.25], y: [2.3, 2.1, 1.9, 1.8, NaN] };
    const recorded = { spec: run('relu'), status: 'completed', message: null, parameterCounts: { trainable: 5, total: 5, activation: 0 }, history: [epoch(1, 2)], batchLoss } as unknown as RunRecord;
    const older = { ...recorded, spec: run('tsqrt'), batchLoss: undefined } as unknown as RunRecord;
    h.applySnapshotRuns([recorded, older], true);
    expect(h.get('relu')!.batchLoss).toEqual(batchLoss);
    expect(h.get('relu')!.batchLoss.x).not.toBe(batchLoss.x);
    expect(h.get('relu')!.batchLossUnrecorded).toBe(false);
    expect(h.get('tsqrt')!.batchLoss).toEqual({ x: [], y: [] });
    expect(h.get('tsqrt')!.batchLossUnrecorded).toBe(true);
    // The chart draws the loaded points like the live ones.
    const columns = batchLossColumns(h.runs);
    expect(columns.columns[0]).toEqual([0.25, 0.5, 0.75, 1, 1.25]);
    expect(columns.columns[1]).toEqual([2.3, 2.1, 1.9, 1.8, null]);
    // A job's update of a snapshot without a record keeps what streamed in, and that is not "unrecorded".
    const live = new TrainingHistory();
    live.startExperiment(spec, 'j1');
    live.batchProgress(progress('tsqrt', 1, 5, 2));
    live.applySnapshotRuns([older], false);
    expect(live.get('tsqrt')).toMatchObject({ batchLoss: { x: [0.5], y: [2] }, batchLossUnrecorded: false });
  });

  it('says where a diverged run diverged, from its record', () => {
    const h = new TrainingHistory();
    const divergence = { epoch: 2, step: 14, loss: NaN, limit: 230.26, reason: 'non-finite', keptEpoch: 1 };
    const record = { spec: run('relu'), status: 'diverged', message: 'The loss became NaN', divergence, parameterCounts: { trainable: 5, total: 5, activation: 0 }, history: [epoch(1, 2)] } as unknown as RunRecord;
    h.applySnapshotRuns([record], true);
    expect(h.get('relu')).toMatchObject({ status: 'diverged', divergedAt: 'epoch 2, step 14' });
  });
});

describe('chart columns', () => {
  it('aligns runs on epochs with train and test series, gaps for missing and non-finite values', () => {
    const h = new TrainingHistory();
    h.startExperiment(spec, 'j');
    h.epochFinished('j', 'relu', epoch(1, 2));
    h.epochFinished('j', 'relu', epoch(2, NaN));
    h.epochFinished('j', 'tsqrt', epoch(1, 3));
    const { columns, series } = epochColumns(h.runs, 'loss');
    expect(columns[0]).toEqual([1, 2]);
    expect(series.map((s) => `${s.runId}:${s.part}:${s.dashed}`)).toEqual(['relu:train:false', 'relu:test:true', 'tsqrt:train:false', 'tsqrt:test:true']);
    expect(columns[1]).toEqual([2, null]);
    expect(columns[3]).toEqual([3, null]);
    expect(columns[4]).toEqual([3.1, null]);
  });

  it('plots each activation parameter as the change of its channel mean from the initial value, 0 at epoch 0', () => {
    const h = new TrainingHistory();
    h.startExperiment(spec, 'j');
    h.epochFinished('j', 'tsqrt', epoch(1, 1, { 'conv1_act/z': [0.4, 0.6], 'dense1_act/z': [0.5] }));
    h.epochFinished('j', 'tsqrt', epoch(2, 1, { 'conv1_act/z': [0.3, 0.5], 'dense1_act/z': [0.45] }));
    const { columns, series } = activationParamColumns(h.runs, (activation, parameter) => (activation === 'tsqrt' && parameter === 'z' ? 0.5 : null));
    expect(columns[0]).toEqual([0, 1, 2]);
    expect(series.map((s) => s.part)).toEqual(['conv1_act/z', 'dense1_act/z']);
    expect(columns[1][0]).toBe(0);
    expect(columns[1][1]).toBeCloseTo(0, 9);
    expect(columns[1][2]).toBeCloseTo(-0.1, 9);
    expect(columns[2][2]).toBeCloseTo(-0.05, 9);
  });

  it('makes a parameter that moved by 1e-3 span its chart instead of a flat line beside another at a different value', () => {
    const h = new TrainingHistory();
    h.startExperiment(spec, 'j');
    h.epochFinished('j', 'tsqrt', epoch(1, 1, { 'a_act/z': [1.0005], 'b_act/z': [0.5] }));
    h.epochFinished('j', 'tsqrt', epoch(2, 1, { 'a_act/z': [1.001], 'b_act/z': [0.5] }));
    const { columns } = activationParamColumns(h.runs);
    const values = columns.slice(1).flat().filter((v): v is number => v !== null);
    const range = Math.max(...values) - Math.min(...values);
    // Every series starts at 0 at its first epoch: the plotted range is the 5e-4 move, not 0.5 between the two.
    expect(range).toBeLessThan(1e-3);
    expect(range).toBeGreaterThan(4e-4);
  });

  it('shows accuracy in percent on the training charts', () => {
    const h = new TrainingHistory();
    h.startExperiment(spec, 'j');
    h.epochFinished('j', 'relu', epoch(1, 2));
    const { columns } = epochColumns(h.runs, 'accuracy');
    expect(columns[1]).toEqual([50]);
    expect(columns[2]).toEqual([40]);
  });

  it('puts every run\'s running loss on one sorted x axis, null where a run has no point', () => {
    const h = new TrainingHistory();
    h.startExperiment(spec, 'j');
    h.batchProgress(progress('relu', 1, 5, 2));
    h.batchProgress(progress('relu', 1, 10, 1.5));
    h.batchProgress(progress('tsqrt', 1, 2, Infinity));
    h.batchProgress(progress('tsqrt', 1, 5, 3));
    const { columns, series } = batchLossColumns(h.runs);
    expect(series.map((s) => s.runId)).toEqual(['relu', 'tsqrt']);
    expect(columns).toEqual([[0.2, 0.5, 1], [null, 2, 1.5], [null, 3, null]]);
  });
});

describe('job tracker', () => {
  it('accepts progress before the start request answers, and ignores a start after the end', () => {
    const jobs = new JobTracker();
    jobs.progress('j1', progress('relu', 1, 25, 1), 0);
    expect(jobs.get('j1')!.kind).toBe('other');
    jobs.started('j1', 'train', 10);
    expect(jobs.get('j1')).toMatchObject({ kind: 'train', title: 'Training', startedAt: 0 });
    expect(jobFraction(jobs.get('j1')!)).toBe(0.25);
    jobs.finished('j2');
    expect(jobs.started('j2', 'surface', 20)).toBe(false);
    expect(jobs.list().map((j) => j.jobId)).toEqual(['j1']);
  });

  it('starts from the engine\'s ETA and counts it down, else extrapolates from elapsed time', () => {
    const jobs = new JobTracker();
    jobs.started('j', 'surface', 0);
    jobs.progress('j', { ...progress('r', 1, 25, 1), etaSeconds: 42 }, 0);
    expect(jobEta(jobs.get('j')!, 0)).toBe(42);
    expect(jobEta(jobs.get('j')!, 10_000)).toBe(32);
    const quiet = new JobTracker();
    quiet.started('q', 'surface', 0);
    quiet.progress('q', progress('r', 1, 25, 1), 0);
    expect(jobEta(quiet.get('q')!, 10_000)).toBeCloseTo(30, 9);
    expect(jobEta(quiet.get('q')!, 1_000)).toBeNull();
  });

  it('shows an ETA that never jumps by more than 1.5× between updates although the engine\'s jumps by 5×, and finds the true pace', () => {
    const jobs = new JobTracker();
    jobs.started('j', 'surface', 0);
    // 1 point per second out of 300; the engine's figure restarts at every run (phase) and jumps around.
    const engine = (t: number): number => (t % 60 < 5 ? (t % 120 < 60 ? 5 : 0.2) : 1) * (300 - t);
    let previous: number | null = null;
    let worst = 1;
    for (let t = 0; t <= 240; t++) {
      jobs.progress('j', { phase: `Surface of run ${Math.floor(t / 60)}`, done: t, total: 300, etaSeconds: engine(t), runId: null, detail: {} }, t * 1000);
      const shown = jobEta(jobs.get('j')!, t * 1000)!;
      if (previous !== null && previous > 5) worst = Math.max(worst, shown / previous, previous / shown);
      previous = shown;
    }
    expect(worst).toBeLessThanOrEqual(1.5);
    // 60 points left at 1 point/s.
    expect(previous).toBeGreaterThan(50);
    expect(previous).toBeLessThan(72);
  });
  it('shows the metrics phase with its own count, bar and ETA, not as 100 % done, and keeps its pace apart from the points\'', () => {
    const jobs = new JobTracker();
    jobs.started('j', 'surface', 0);
    jobs.setRunCount('j', 2);
    const points = (runId: string, done: number, t: number) => jobs.progress('j', { phase: `Surface of ${runId}`, done, total: 162, etaSeconds: null, runId, detail: {} }, t);
    const metrics = (done: number, t: number) =>
      jobs.progress('j', { phase: 'Hessian λmax and Tr H of ReLU', done: 81, total: 162, phaseCount: { done, total: 30 }, etaSeconds: null, runId: 'relu', detail: {} }, t);
    // 81 points in 81 s.
    for (let t = 0; t <= 81; t += 9) points('relu', t, t * 1000);
    expect(jobFraction(jobs.get('j')!)).toBe(0.5);
    metrics(0, 82_000);
    expect(phaseCountText(jobs.get('j')!)).toBe('0 / 30');
    expect(jobFraction(jobs.get('j')!)).toBe(0);
    expect(runProgress(jobs.get('j')!)).toBeNull();
    // 7 products in 14 s: 23 left at 2 s each.
    metrics(7, 96_000);
    expect(phaseCountText(jobs.get('j')!)).toBe('7 / 30');
    expect(jobFraction(jobs.get('j')!)).toBeCloseTo(7 / 30, 12);
    expect(jobEta(jobs.get('j')!, 96_000)).toBeCloseTo(46, 6);
    metrics(30, 142_000);
    expect(jobFraction(jobs.get('j')!)).toBe(1);
    // The next run's points: the job's count and its ETA again (the points' countdown, never reset by the Hessian's count).
    const before = jobs.get('j')!.eta.value(151_000)!;
    points('tsqrt', 90, 151_000);
    expect(phaseCountText(jobs.get('j')!)).toBe('');
    expect(jobFraction(jobs.get('j')!)).toBeCloseTo(90 / 162, 12);
    expect(runProgress(jobs.get('j')!)).toEqual({ index: 1, count: 2, fraction: 9 / 81 });
    expect(jobEta(jobs.get('j')!, 151_000)).toBeGreaterThan(before);
  });
  it('shows a surface job\'s progress within the current run', () => {
    const jobs = new JobTracker();
    jobs.started('j', 'surface', 0);
    jobs.setRunCount('j', 2);
    const at = (runId: string, done: number) => jobs.progress('j', { phase: `Surface of ${runId}`, done, total: 162, etaSeconds: null, runId, detail: {} }, done);
    at('relu', 40);
    expect(runProgress(jobs.get('j')!)).toEqual({ index: 0, count: 2, fraction: 40 / 81 });
    at('tsqrt', 81 + 27);
    expect(runProgress(jobs.get('j')!)).toEqual({ index: 1, count: 2, fraction: 27 / 81 });
    const single = new JobTracker();
    single.started('s', 'surface', 0);
    single.setRunCount('s', 1);
    single.progress('s', { phase: 'Surface of relu', done: 3, total: 81, etaSeconds: null, runId: 'relu', detail: {} }, 0);
    expect(runProgress(single.get('s')!)).toBeNull();
  });
});
