/**
 * The running training loss per reported batch, as the Training view draws
 * it and the snapshot keeps it: x in fractional epochs (batch b of B in epoch
 * e is e − 1 + b/B), y the mean loss of the epoch so far. At most
 * MAX_BATCH_LOSS_POINTS points: beyond that, every other point is dropped.
 */

/** The points of one run (the schema, `BatchLossSchema`, is in snapshot.ts: this file stays free of zod for the renderer). */
export interface BatchLoss {
  x: number[];
  y: number[];
}

export const MAX_BATCH_LOSS_POINTS = 4000;

/** x of batch `batch` (1-based) of `batches` in epoch `epoch` (1-based), in fractional epochs. */
export function batchLossX(epoch: number, batch: number, batches: number): number {
  const perEpoch = batches > 0 ? batches : 1;
  return epoch - 1 + batch / perEpoch;
}

/**
 * Adds a point to the series (in place) unless it is not after the last one (a replayed event),
 * thinning the series when it grows past the limit. Non-finite losses are kept as NaN.
 * @returns whether the point was added.
 */
export function appendBatchLoss(series: BatchLoss, x: number, loss: number): boolean {
  if (series.x.length > 0 && x <= series.x[series.x.length - 1]) return false;
  series.x.push(x);
  series.y.push(Number.isFinite(loss) ? loss : NaN);
  if (series.x.length > MAX_BATCH_LOSS_POINTS) {
    series.x = series.x.filter((_, i) => i % 2 === 0);
    series.y = series.y.filter((_, i) => i % 2 === 0);
  }
  return true;
}
