/**
 * Which surfaces a job brought: new ids, and ids recomputed (a new createdAt).
 * A surface job announces each run's surface as it is written, and again at
 * its end; `JobSurfaces` keeps what a job showed so the end still reports all.
 */
import type { SnapshotView } from '../../src-main/contract/app.ts';

type SurfaceStamp = Pick<SnapshotView['surfaces'][number], 'id' | 'createdAt'>;

export function freshSurfaces(before: readonly SurfaceStamp[], after: readonly SurfaceStamp[]): string[] {
  const known = new Map(before.map((s) => [s.id, s.createdAt]));
  return after.filter((s) => known.get(s.id) !== s.createdAt).map((s) => s.id);
}

export class JobSurfaces {
  #byJob = new Map<string, string[]>();

  add(jobId: string, ids: readonly string[]): void {
    this.#byJob.set(jobId, [...(this.#byJob.get(jobId) ?? []), ...ids]);
  }

  /** Everything the job brought, `last` included, once each; forgets the job. */
  finish(jobId: string, last: readonly string[]): string[] {
    const all = [...new Set([...(this.#byJob.get(jobId) ?? []), ...last])];
    this.#byJob.delete(jobId);
    return all;
  }
}
