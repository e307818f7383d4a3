/**
 * Divergence, named: a training loss that is not finite, or more than a
 * hundred times that of an untrained network (ln C over C classes, the
 * cross-entropy of a uniform guess), ends the run as `diverged` at the batch
 * that showed it.
 */
import type { Divergence } from '../../contract.ts';

/** How many times the untrained loss counts as diverged. */
export const DIVERGENCE_FACTOR = 100;

/** 100 × ln C; at least 100 × ln 2 so a one-class edge case cannot make every loss "diverged". */
export function divergenceLimit(numClasses: number): number {
  return DIVERGENCE_FACTOR * Math.log(Math.max(2, numClasses));
}

/** Why `loss` counts as diverged, or null when it does not. */
export function divergenceReason(loss: number, limit: number): Divergence['reason'] | null {
  if (!Number.isFinite(loss)) return 'non-finite';
  return loss > limit ? 'above-limit' : null;
}

/** One sentence for the run record: what happened, where, what was kept, what to try. */
export function divergenceMessage(divergence: Divergence, batches: number): string {
  const { epoch, step, loss, limit, reason, keptEpoch } = divergence;
  const what =
    reason === 'non-finite'
      ? `The loss became ${loss}`
      : `The loss reached ${loss.toPrecision(4)}, more than ${DIVERGENCE_FACTOR}× that of an untrained network (limit ${limit.toPrecision(4)})`;
  return (
    `${what} at epoch ${epoch}, batch ${step} of ${batches}: the run diverged; training stopped and the weights of epoch ${keptEpoch} were kept` +
    `${keptEpoch === 0 ? ' (the initial ones)' : ''}. Try a lower learning rate or batch normalisation.`
  );
}
