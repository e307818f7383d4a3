/**
 * What a run's checkpoints will hold, for the training estimate: how many
 * (every k epochs or steps, with the initial and final weights) and how many
 * bytes at most (the snapshot stores a tensor that did not change only once).
 */
import { checkpointsBySteps, plannedCheckpointCount, type RunSpec } from '../contract.ts';

const megabytes = (bytes: number): string => `${(bytes / 1e6).toLocaleString('en', { maximumFractionDigits: bytes < 1e7 ? 1 : 0 })} MB`;

/** One sentence, e.g. "Checkpoints: 26 per run (every 20 steps), 0.4 MB each, at most 10 MB in all." */
export function describeCheckpoints(runs: readonly RunSpec[], trainCount: number, parameterCount: (run: RunSpec) => number | undefined): string {
  const counts = runs.map((run) => plannedCheckpointCount(run.train, Math.ceil(trainCount / run.train.batchSize)));
  const sizes = runs.map((run) => 4 * (parameterCount(run) ?? NaN));
  const first = runs[0].train;
  const unit = checkpointsBySteps(first) ? 'step' : 'epoch';
  const interval = first.checkpointEvery > 1 ? `every ${first.checkpointEvery} ${unit}s` : first.checkpointEvery === 1 ? `every ${unit}` : 'initial and final weights only';
  const same = counts.every((c) => c === counts[0]) && runs.every((r) => r.train.checkpointEvery === first.checkpointEvery && r.train.checkpointUnit === first.checkpointUnit);
  const perRun = same ? `${counts[0]} per run (${interval})` : `${Math.min(...counts)}–${Math.max(...counts)} per run`;
  if (!sizes.every(Number.isFinite)) return `Checkpoints: ${perRun}.`;
  const total = counts.reduce((sum, c, i) => sum + c * sizes[i], 0);
  const each = Math.max(...sizes);
  return `Checkpoints: ${perRun}, ${megabytes(each)} each, at most ${megabytes(total)} in all.`;
}
