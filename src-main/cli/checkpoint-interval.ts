/**
 * `train --checkpoint-every`: `k` or `k epochs` checkpoints every k epochs,
 * `k steps` every k steps (batches, counted over the whole run), so a short
 * run still has many checkpoints. `0` keeps only the initial and final weights.
 */
import type { TrainSettings } from '../contract.ts';
import { OptionError } from './option-errors.ts';

const INTERVAL = /^\s*(-?\d+)\s*(epochs?|steps?)?\s*$/i;

export function parseCheckpointInterval(text: string): Pick<TrainSettings, 'checkpointEvery' | 'checkpointUnit'> {
  const match = INTERVAL.exec(text);
  if (!match) throw new OptionError(`--checkpoint-every ${JSON.stringify(text)}: must be a whole number of epochs or steps, e.g. 2, 2epochs or 20steps`);
  const every = Number(match[1]);
  return match[2]?.toLowerCase().startsWith('step') ? { checkpointEvery: every, checkpointUnit: 'steps' } : { checkpointEvery: every };
}
