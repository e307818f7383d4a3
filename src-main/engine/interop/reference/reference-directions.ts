/**
 * Directions in the reference's own file format (tomgoldstein/loss-landscape,
 * `net_plotter.setup_direction` + `h5_util.write_list`): `xdirection/<i>` and
 * `ydirection/<i>`, one float32 dataset per entry of `model.parameters()` of
 * the generated module, in that order and in PyTorch layout, so the
 * reference's `load_directions` + `set_weights(net, w, d, [x, y])` work on it
 * unchanged. Zeros where the recipe ignores a parameter (bias/BN under
 * `biasbn`). Each dataset carries its parameter's `name`; the root lists them
 * (`parameter_names`). The reference moves parameters only (`dir_type
 * weights`); where our plane also moves BN's running statistics (`--ignore
 * none`, a plane through models), their directions are under
 * `landscape_lab_buffers/{x,y}direction/<name>` and `moves_buffers` is 1.
 *
 * `readReferenceDirections` is the import: a reference file for a network
 * whose parameters match, back into our flat TensorFlow.js layout.
 */
import { APP_VERSION } from '../../../app-version.ts';
import { encodeH5, loadH5wasm, setJsonAttribute, type H5Group } from '../../snapshot/export-h5-file.ts';
import type { NetworkDescription } from '../network-description.ts';
import { fromTorchOrder, tfSlice, toTorchOrder, torchEntries, type TorchEntry } from '../torch-layout.ts';

export interface ReferenceDirectionsMeta {
  recipe?: unknown;
  runId?: string;
  surfaceId?: string;
}

const isZero = (values: Float32Array): boolean => values.every((v) => v === 0);

function writeList(group: H5Group, description: NetworkDescription, entries: TorchEntry[], flat: Float32Array, byName: boolean): void {
  entries.forEach((entry, i) => {
    const data = toTorchOrder(entry, tfSlice(description, entry, flat));
    const dataset = group.create_dataset({ name: byName ? entry.name : String(i), data, shape: entry.torchShape, dtype: '<f' });
    dataset.create_attribute('name', entry.name);
  });
}

/** Encodes a plane's directions (flat, `weightLayout` order) in the reference format. */
export async function encodeReferenceDirectionsH5(
  description: NetworkDescription,
  d1: Float32Array,
  d2: Float32Array | null,
  meta: ReferenceDirectionsMeta = {},
): Promise<Uint8Array> {
  const entries = torchEntries(description);
  const parameters = entries.filter((e) => e.kind === 'parameter');
  const buffers = entries.filter((e) => e.kind === 'buffer');
  const movedBuffers = buffers.filter((e) => !isZero(tfSlice(description, e, d1)) || (d2 !== null && !isZero(tfSlice(description, e, d2))));
  return encodeH5((file) => {
    writeList(file.create_group('xdirection'), description, parameters, d1, false);
    if (d2) writeList(file.create_group('ydirection'), description, parameters, d2, false);
    if (movedBuffers.length > 0) {
      const extra = file.create_group('landscape_lab_buffers');
      writeList(extra.create_group('xdirection'), description, buffers, d1, true);
      if (d2) writeList(extra.create_group('ydirection'), description, buffers, d2, true);
    }
    setJsonAttribute(file, 'parameter_names', parameters.map((e) => e.name));
    file.create_attribute('dir_type', 'weights');
    file.create_attribute('moves_buffers', movedBuffers.length > 0 ? 1 : 0);
    file.create_attribute('layout', 'PyTorch: conv OIHW, linear [out, in]; the order of model.parameters()');
    file.create_attribute('app_version', APP_VERSION);
    if (meta.recipe !== undefined) setJsonAttribute(file, 'recipe', meta.recipe);
    if (meta.runId !== undefined) file.create_attribute('run_id', meta.runId);
    if (meta.surfaceId !== undefined) file.create_attribute('surface_id', meta.surfaceId);
  });
}

export interface ImportedDirections {
  d1: Float32Array;
  d2: Float32Array | null;
}

interface H5Node {
  keys?: () => string[];
  shape?: number[] | null;
  value?: unknown;
}

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

function readList(group: H5Node, which: string, file: string, description: NetworkDescription, parameters: TorchEntry[]): Float32Array {
  const get = (group as { get: (name: string) => H5Node | null }).get.bind(group);
  const count = group.keys?.().filter((k) => /^\d+$/.test(k)).length ?? 0;
  const flat = new Float32Array(description.layout.size);
  for (let i = 0; i < parameters.length; i++) {
    const entry = parameters[i]!;
    const dataset = i < count ? get(String(i)) : null;
    if (!dataset || !dataset.shape) {
      throw new Error(`${file} does not fit this network: ${which}/${i} is missing, the model's parameter ${i} (${entry.name}, ${shapeText(entry.torchShape)}) has no direction (the file has ${count} tensors, the model ${parameters.length} parameters).`);
    }
    const shape = dataset.shape;
    if (shape.length !== entry.torchShape.length || shape.some((d, k) => d !== entry.torchShape[k])) {
      throw new Error(`${file} does not fit this network: parameter ${i} (${entry.name}) has shape ${shapeText(entry.torchShape)} in the model, ${shapeText(shape)} in ${which}/${i}.`);
    }
    const values = Float32Array.from(dataset.value as ArrayLike<number>);
    flat.set(fromTorchOrder(entry, values), description.layout.offsets[entry.tfIndex]!);
  }
  if (count > parameters.length) {
    throw new Error(`${file} does not fit this network: ${which} has ${count} tensors, the model has ${parameters.length} parameters (${which}/${parameters.length} has no parameter).`);
  }
  return flat;
}

/**
 * Reads a reference-format direction file for `description`'s network.
 * @throws naming the first parameter whose shape differs, or the first missing one.
 */
export async function readReferenceDirections(path: string, description: NetworkDescription): Promise<ImportedDirections> {
  const h5 = await loadH5wasm();
  const file = new h5.File(path, 'r');
  try {
    const keys = file.keys();
    if (!keys.includes('xdirection')) throw new Error(`${path} is not a direction file: it has no xdirection group (it has: ${keys.join(', ') || 'nothing'}).`);
    const parameters = torchEntries(description).filter((e) => e.kind === 'parameter');
    const d1 = readList(file.get('xdirection') as H5Node, 'xdirection', path, description, parameters);
    const d2 = keys.includes('ydirection') ? readList(file.get('ydirection') as H5Node, 'ydirection', path, description, parameters) : null;
    return { d1, d2 };
  } finally {
    file.close();
  }
}
