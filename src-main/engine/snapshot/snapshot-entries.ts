/** Zip entries of one run and one surface (the inverse is in snapshot-file.ts). */
import { strToU8 } from 'fflate';
import { jsonWithNonFinite, type RunData, type RunRecord, type SurfaceData, type SurfaceHeader } from '../../contract.ts';

const json = (value: unknown): Uint8Array => strToU8(jsonWithNonFinite(value, 1));

function bytesOf(array: Float32Array | Uint8Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

export function encodeRun(run: RunData): Record<string, Uint8Array> {
  const { model, checkpoints, ...rest } = run;
  const record: RunRecord = rest;
  const size = checkpoints[0]?.length ?? 0;
  const flat = new Float32Array(size * checkpoints.length);
  checkpoints.forEach((checkpoint, i) => flat.set(checkpoint, i * size));
  const base = `runs/${run.spec.id}`;
  return {
    [`${base}/run.json`]: json(record),
    [`${base}/model.json`]: json(model.modelJson),
    [`${base}/weights.bin`]: model.weightData,
    [`${base}/checkpoints.f32`]: bytesOf(flat),
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
