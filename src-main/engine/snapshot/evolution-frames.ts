/**
 * Landscape evolutions in a snapshot: the surfaces `surface --evolution`
 * stores, one per checkpoint, grouped by run and plane. Two frames belong to
 * the same evolution when they are of the same run and their recipes agree
 * in everything but the checkpoint's epoch and step (same seed, grid, normalisation,
 * evaluation, and the same choice of normalising once or per checkpoint).
 */
import { checkpointIndex, checkpointLabel, compareCheckpoints, type CheckpointRef, type RunData, type Snapshot, type SurfaceData } from '../../contract.ts';
import { isActivationWeightName } from '../activations/layer.ts';
import { ExportError } from './export-grid.ts';

export interface EvolutionFrame {
  epoch: number;
  /** The checkpoint's global step, for runs checkpointed by steps. */
  step?: number;
  surface: SurfaceData;
}

export interface Evolution {
  runId: string;
  run: RunData;
  /** Directions normalised at each checkpoint (true) or once at the final weights (false). */
  renormalise: boolean;
  /** In training order (epoch, or step where checkpoints are by steps), at least one. */
  frames: EvolutionFrame[];
  /** Training batches per epoch of the run (tells which checkpoints by steps end an epoch). */
  batchesPerEpoch?: number;
}

function planeKey(surface: SurfaceData): string {
  const { checkpoint, ...rest } = surface.recipe;
  return JSON.stringify([surface.runId, checkpoint?.renormalise ?? false, rest]);
}

/**
 * Every evolution of the snapshot, in the order of their first frames' surfaces.
 * @param surfaceId only the evolution holding this frame.
 * @throws ExportError when there is none (or `surfaceId` is not an evolution frame).
 */
export function findEvolutions(snapshot: Snapshot, surfaceId?: string): Evolution[] {
  const name = snapshot.header.name;
  const groups = new Map<string, EvolutionFrame[]>();
  for (const surface of snapshot.surfaces) {
    const checkpoint = surface.recipe.checkpoint;
    if (!checkpoint) continue;
    const key = planeKey(surface);
    const frames = groups.get(key) ?? [];
    frames.push({ epoch: checkpoint.epoch, ...(checkpoint.step !== undefined ? { step: checkpoint.step } : {}), surface });
    groups.set(key, frames);
  }
  let found = [...groups.values()];
  if (surfaceId !== undefined) {
    found = found.filter((frames) => frames.some((f) => f.surface.id === surfaceId));
    if (found.length === 0) throw new ExportError(`Snapshot "${name}": surface "${surfaceId}" is not a frame of an evolution (surface --evolution).`);
  }
  if (found.length === 0) throw new ExportError(`Snapshot "${name}" has no evolution to export: compute one with surface --evolution.`);
  return found.map((frames) => {
    const first = frames[0].surface;
    const run = snapshot.runs.find((r) => r.spec.id === first.runId);
    if (!run) throw new ExportError(`Evolution of run "${first.runId}": the run is not in snapshot "${name}".`);
    frames.sort(compareCheckpoints);
    const batchesPerEpoch = Math.ceil(snapshot.header.dataIdentity.trainCount / run.spec.train.batchSize);
    return { runId: first.runId, run, renormalise: first.recipe.checkpoint!.renormalise, frames, batchesPerEpoch };
  });
}

/**
 * The run's activation parameters at a checkpoint, read from the checkpoint's
 * own weights (so epoch 0, the initial values, is included): weight name →
 * values (one per layer, or one per channel).
 */
export function activationParametersAt(run: RunData, checkpoint: CheckpointRef): Record<string, number[]> {
  const at = checkpointIndex(run, checkpoint);
  if (at < 0) throw new ExportError(`Run "${run.spec.id}" has no checkpoint of ${checkpointLabel(checkpoint)}.`);
  const flat = run.checkpoints[at];
  const values: Record<string, number[]> = {};
  let offset = 0;
  run.weightNames.forEach((weightName, i) => {
    const size = run.weightShapes[i].reduce((a, b) => a * b, 1);
    if (isActivationWeightName(weightName)) values[weightName] = Array.from(flat.subarray(offset, offset + size));
    offset += size;
  });
  if (offset !== flat.length) throw new ExportError(`Run "${run.spec.id}": checkpoint of ${checkpointLabel(checkpoint)} holds ${flat.length} values, its weight layout ${offset}.`);
  return values;
}
