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

export function createProgressDisplay(enabled: boolean): ProgressDisplay {
  if (!enabled) return { update: () => undefined, log: (line) => process.stderr.write(`${line}\n`), stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: '{bar} {percentage}% | {phase} | ETA {etaText}{extra}', stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress) {
      const extra = progress.detail.loss !== undefined ? ` | loss ${progress.detail.loss.toFixed(4)}` : '';
      const payload = { phase: progress.phase, etaText: formatEta(progress.etaSeconds), extra };
      if (!started) {
        bar.start(Math.max(1, progress.total), progress.done, payload);
        started = true;
      } else {
        bar.setTotal(Math.max(1, progress.total));
        bar.update(progress.done, payload);
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
