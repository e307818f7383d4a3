/** A terminal progress bar fed by engine progress events (stderr, so --json stdout stays clean). */
import cliProgress from 'cli-progress';
import type { JobProgress } from '../contract.ts';

export interface ProgressDisplay {
  update(progress: JobProgress): void;
  log(line: string): void;
  stop(): void;
}

function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** What a bar or line counts: the phase's own count where it has one (the metrics phase's Hessian products), else the job's. */
export const shownCount = (progress: JobProgress): { done: number; total: number } => progress.phaseCount ?? progress;

/** One plain line of progress, for logs: "Surface of ReLU: 120/441 (27%), ETA 1m05s"; "Hessian λmax and Tr H of ReLU: 7/30 (23%), ETA 40s". */
export function formatProgressLine(progress: JobProgress): string {
  const { done, total } = shownCount(progress);
  const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
  const loss = progress.detail.loss !== undefined ? `, loss ${progress.detail.loss.toFixed(4)}` : '';
  return `${progress.phase}: ${done}/${total} (${percent}%), ETA ${formatEta(progress.etaSeconds)}${loss}`;
}

/**
 * Where stderr is not a terminal (a log file, a job array), a bar would print
 * nothing readable: a plain line at most every `intervalMs`, and on each new phase.
 */
function createLineDisplay(intervalMs: number): ProgressDisplay {
  let last = 0;
  let lastPhase = '';
  return {
    update(progress) {
      const now = Date.now();
      if (now - last < intervalMs && progress.phase === lastPhase) return;
      last = now;
      lastPhase = progress.phase;
      process.stderr.write(`[${new Date(now).toISOString().slice(11, 19)}] ${formatProgressLine(progress)}\n`);
    },
    log: (line) => process.stderr.write(`${line}\n`),
    stop: () => undefined,
  };
}

/** `bar` on a terminal, `lines` in a log, `off` for `--no-progress`. */
export function createProgressDisplay(mode: 'bar' | 'lines' | 'off', intervalMs = 5000): ProgressDisplay {
  if (mode === 'lines') return createLineDisplay(intervalMs);
  if (mode === 'off') return { update: () => undefined, log: (line) => process.stderr.write(`${line}\n`), stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: '{bar} {percentage}% | {phase} | ETA {etaText}{extra}', stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress) {
      const extra = progress.detail.loss !== undefined ? ` | loss ${progress.detail.loss.toFixed(4)}` : '';
      const { done, total } = shownCount(progress);
      const phase = progress.phaseCount ? `${progress.phase}: ${done}/${total}` : progress.phase;
      const payload = { phase, etaText: formatEta(progress.etaSeconds), extra };
      if (!started) {
        bar.start(Math.max(1, total), done, payload);
        started = true;
      } else {
        bar.setTotal(Math.max(1, total));
        bar.update(done, payload);
      }
    },
    log(line) {
      if (started) bar.stop();
      process.stderr.write(`${line}\n`);
      started = false;
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
