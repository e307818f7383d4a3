/**
 * The long jobs the engine is running for this window (training, surfaces,
 * downloads, studies): their latest progress and an ETA. Events may arrive before the
 * request that started the job has answered, and a job may end before then
 * too; both orders are handled.
 */
import type { JobProgress } from '../../src-main/contract/engine.ts';
import { EtaSmoother } from './eta-smoother.ts';

export type JobKind = 'train' | 'surface' | 'download' | 'study' | 'other';

export interface JobEntry {
  jobId: string;
  kind: JobKind;
  title: string;
  progress: JobProgress | null;
  /** Milliseconds (the caller's clock) when the job was first seen. */
  startedAt: number;
  cancelling: boolean;
  /** The time left as shown: the job's pace over a window, smoothed. */
  eta: EtaSmoother;
  /** The same for the current phase when it has its own count (a surface's metrics phase), kept apart from the job's pace. */
  phaseEta: { phase: string; eta: EtaSmoother } | null;
  /** Runs the job covers one after another (surface jobs), and those it has reported so far, in order. */
  runCount: number | null;
  runsSeen: string[];
}

const TITLES: Record<JobKind, string> = {
  train: 'Training',
  surface: 'Computing loss surfaces',
  download: 'Downloading CIFAR-10',
  study: 'Running a study',
  other: 'Working',
};

function newEntry(jobId: string, kind: JobKind, title: string, now: number): JobEntry {
  return { jobId, kind, title, progress: null, startedAt: now, cancelling: false, eta: new EtaSmoother(), phaseEta: null, runCount: null, runsSeen: [] };
}

export class JobTracker {
  #jobs = new Map<string, JobEntry>();
  /** Jobs that ended before we learnt their kind, so a late start does not resurrect them. */
  #ended = new Set<string>();

  list(): JobEntry[] {
    return [...this.#jobs.values()].sort((a, b) => a.startedAt - b.startedAt);
  }

  get(jobId: string): JobEntry | undefined {
    return this.#jobs.get(jobId);
  }

  has(kind: JobKind): boolean {
    return this.list().some((j) => j.kind === kind);
  }

  /** The start request answered with `jobId`. Returns false when the job has already ended. */
  started(jobId: string, kind: JobKind, now: number, title = TITLES[kind]): boolean {
    if (this.#ended.has(jobId)) return false;
    const existing = this.#jobs.get(jobId);
    if (existing) {
      existing.kind = kind;
      existing.title = title;
    } else {
      this.#jobs.set(jobId, newEntry(jobId, kind, title, now));
    }
    return true;
  }

  progress(jobId: string, progress: JobProgress, now: number): void {
    if (this.#ended.has(jobId)) return;
    let job = this.#jobs.get(jobId);
    if (!job) {
      job = newEntry(jobId, 'other', TITLES.other, now);
      this.#jobs.set(jobId, job);
    }
    job.progress = progress;
    if (progress.runId && !job.runsSeen.includes(progress.runId)) job.runsSeen.push(progress.runId);
    const own = progress.phaseCount;
    if (own) {
      // A phase with its own count (the metrics phase's Hessian products): its own pace; the job's stands still meanwhile.
      if (job.phaseEta?.phase !== progress.phase) job.phaseEta = { phase: progress.phase, eta: new EtaSmoother() };
      job.phaseEta.eta.update(now, own.done, own.total, progress.etaSeconds);
    } else {
      job.phaseEta = null;
      job.eta.update(now, progress.done, progress.total, progress.etaSeconds);
    }
  }

  /** How many runs a surface job covers (its progress counts all their points together). */
  setRunCount(jobId: string, count: number): void {
    const job = this.#jobs.get(jobId);
    if (job) job.runCount = count;
  }

  cancelling(jobId: string): void {
    const job = this.#jobs.get(jobId);
    if (job) job.cancelling = true;
  }

  /** The job ended; returns its entry (kind, title) if it was known. */
  finished(jobId: string): JobEntry | undefined {
    const job = this.#jobs.get(jobId);
    this.#jobs.delete(jobId);
    this.#ended.add(jobId);
    return job;
  }

  /** Every job ended at once (the engine exited). */
  clear(): JobEntry[] {
    const all = this.list();
    for (const job of all) this.#ended.add(job.jobId);
    this.#jobs.clear();
    return all;
  }
}

/**
 * The current phase's own count, when it has one: a surface's metrics phase
 * counts the Hessian's products (λmax power iterations, then Tr H samples)
 * while the job's count stands at every point done, so the bar and the ETA
 * follow that count, not a bar at 100 % for a minute (issue 15).
 */
export function phaseCount(job: JobEntry): { done: number; total: number } | null {
  return job.progress?.phaseCount ?? null;
}

/** "7 / 30" for a phase with its own count, else ''. */
export function phaseCountText(job: JobEntry): string {
  const own = phaseCount(job);
  return own ? `${own.done} / ${own.total}` : '';
}

/** Fraction done in [0, 1] (of the phase's own count where it has one), or null while the total is unknown. */
export function jobFraction(job: JobEntry): number | null {
  const p = job.progress;
  const count = phaseCount(job) ?? p;
  if (!count || !(count.total > 0)) return null;
  return Math.min(1, Math.max(0, count.done / count.total));
}

/**
 * Seconds left (of the phase, where it has its own count): the smoothed pace
 * (see eta-smoother.ts), counting down between updates; else extrapolated
 * from the time since the job was first seen (once it is 2 % along and 2 s old).
 */
export function jobEta(job: JobEntry, now: number): number | null {
  if (phaseCount(job)) return job.phaseEta?.eta.value(now) ?? null;
  const smoothed = job.eta.value(now);
  if (smoothed !== null) return smoothed;
  const fraction = jobFraction(job);
  const elapsed = (now - job.startedAt) / 1000;
  if (fraction === null || fraction < 0.02 || elapsed < 2) return null;
  return (elapsed * (1 - fraction)) / fraction;
}

/**
 * Where a surface job is within the current run: "run 2 of 3", and how much
 * of that run's points are done (the job's count covers every run's points,
 * each run the same number). Null for other jobs, single runs, and a phase
 * with its own count (the metrics phase).
 */
export function runProgress(job: JobEntry): { index: number; count: number; fraction: number } | null {
  const p = job.progress;
  if (job.kind !== 'surface' || !p?.runId || p.phaseCount || !job.runCount || job.runCount < 2 || !(p.total > 0)) return null;
  const index = job.runsSeen.indexOf(p.runId);
  if (index < 0) return null;
  const perRun = p.total / job.runCount;
  return { index, count: job.runCount, fraction: Math.min(1, Math.max(0, (p.done - index * perRun) / perRun)) };
}
