/**
 * A job's time left as the user reads it: steady, not jumping by 5× when a
 * new phase or run starts (issue 15). The estimate is the job's own pace
 * over the last WINDOW_MS (units done per second, all phases together),
 * falling back to the engine's figure until that window holds enough; the
 * figure shown counts down between updates, moves only part of the way to
 * each new estimate, and never by more than a factor MAX_STEP at once.
 */

const WINDOW_MS = 30_000;
/** The window must span this much before its pace is trusted. */
const MIN_SPAN_MS = 2_000;
/** How far the shown figure moves towards a new estimate per update. */
const GAIN = 0.3;
/** Largest factor between the countdown and the next figure shown. */
export const MAX_STEP = 1.5;

export class EtaSmoother {
  #samples: Array<{ t: number; done: number }> = [];
  #shown: { t: number; seconds: number } | null = null;

  /** A progress update at `now` (ms): `done` of `total` units, with the engine's estimate (s) if it has one. */
  update(now: number, done: number, total: number, engineSeconds: number | null): void {
    const last = this.#samples.at(-1);
    // A count that goes backwards belongs to a new count (another job phase): start the window again.
    if (last && done < last.done) this.#samples = [];
    this.#samples.push({ t: now, done });
    while (this.#samples.length > 2 && now - this.#samples[0].t > WINDOW_MS) this.#samples.shift();
    const first = this.#samples[0];
    const span = now - first.t;
    const pace = span >= MIN_SPAN_MS && done > first.done ? (done - first.done) / (span / 1000) : null;
    const estimate = total > 0 && done >= total ? 0 : pace !== null && total > 0 ? Math.max(0, total - done) / pace : engineSeconds;
    if (estimate === null || !Number.isFinite(estimate)) return;
    if (this.#shown === null) {
      this.#shown = { t: now, seconds: estimate };
      return;
    }
    const predicted = this.value(now) ?? estimate;
    let next = predicted + GAIN * (estimate - predicted);
    if (predicted > 1) next = Math.min(predicted * MAX_STEP, Math.max(predicted / MAX_STEP, next));
    this.#shown = { t: now, seconds: estimate === 0 ? 0 : next };
  }

  /** Seconds left at `now` (ms), or null before anything could be estimated. */
  value(now: number): number | null {
    if (!this.#shown) return null;
    return Math.max(0, this.#shown.seconds - (now - this.#shown.t) / 1000);
  }
}
