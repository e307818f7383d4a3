/**
 * Zip entries of one run and one surface (the inverse is in snapshot-file.ts). A run's checkpoints are
 * `checkpoints.json` + `checkpoint-blocks.f32`, each distinct tensor stored once (checkpoint-blocks.ts).
 */
import { strToU8 } from 'fflate';
import { jsonWithNonFinite, type RunData, type RunRecord, type SurfaceData, type SurfaceHeader } from '../../contract.ts';
import { encodeCheckpointBlocks, finalWeightSpans } from './checkpoint-blocks.ts';

const json = (value: unknown): Uint8Array => strToU8(jsonWithNonFinite(value, 1));

function bytesOf(array: Float32Array | Uint8Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

export function encodeRun(run: RunData): Record<string, Uint8Array> {
  const { model, checkpoints, ...rest } = run;
  const record: RunRecord = rest;
  const spans = finalWeightSpans(model.modelJson, model.weightData.byteLength);
  const { index, blocks } = encodeCheckpointBlocks(checkpoints, run.weightShapes, { bytes: model.weightData, spans });
  const base = `runs/${run.spec.id}`;
  return {
    [`${base}/run.json`]: json(record),
    [`${base}/model.json`]: json(model.modelJson),
    [`${base}/weights.bin`]: model.weightData,
    [`${base}/checkpoints.json`]: json(index),
    [`${base}/checkpoint-blocks.f32`]: bytesOf(blocks),
  };
}

export function encodeSurface(surface: SurfaceData): Record<string, Uint8Array> {
  const { values, done, ...header } = surface;
  const base = `surfaces/${surface.id}`;
  const arrays = Object.keys(values) as SurfaceHeader['arrays'];
  const entries: Record<string, Uint8Array> = {
    [`${base}/surface.json`]: json({ ...header, arrays } satisfies SurfaceHeader),
    [`${base}/done.u8`]: done,
  };
  for (const name of arrays) entries[`${base}/${name}.f32`] = bytesOf(values[name]!);
  return entries;
}
