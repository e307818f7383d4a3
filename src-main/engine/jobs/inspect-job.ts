/** The `inspect` job: a snapshot without its weights, as views need it. */
import type { RunRecord, SnapshotView } from '../../contract.ts';
import { readSnapshot } from '../snapshot/snapshot-file.ts';
import type { JobContext } from './job-context.ts';

export async function runInspectJob(job: { snapshot: string }, context: JobContext): Promise<SnapshotView> {
  context.progress({ phase: 'Reading snapshot', done: 0, total: 1 }, true);
  const snapshot = await readSnapshot(job.snapshot);
  const runs: RunRecord[] = snapshot.runs.map(({ model: _model, checkpoints: _checkpoints, ...record }) => record);
  return { path: job.snapshot, header: snapshot.header, runs, surfaces: snapshot.surfaces };
}
