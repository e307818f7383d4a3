/**
 * The generated module's state as HDF5 (`torch/state.h5`): one float32
 * dataset per `state_dict()` key (`conv1.weight`, `bn1.running_mean`, …) at
 * the root, in PyTorch layout (torch-layout.ts), read by `model.py`'s
 * `load(path)`. Root attributes list the parameter and buffer names in
 * registration order (`parameter_names` = `model.parameters()` order).
 */
import { APP_VERSION } from '../../../app-version.ts';
import { encodeH5, setJsonAttribute } from '../../snapshot/export-h5-file.ts';
import type { NetworkDescription } from '../network-description.ts';
import { tfSlice, toTorchOrder, torchEntries } from '../torch-layout.ts';

/**
 * Encodes `weights` (flat, `weightLayout` order) as the module's state.
 * @throws when the vector does not match the description's layout.
 */
export async function encodeTorchStateH5(description: NetworkDescription, weights: Float32Array, source: string): Promise<Uint8Array> {
  if (weights.length !== description.layout.size) throw new Error(`The weight vector has ${weights.length} values; the network has ${description.layout.size}.`);
  const entries = torchEntries(description);
  return encodeH5((file) => {
    for (const entry of entries) {
      const data = toTorchOrder(entry, tfSlice(description, entry, weights));
      const dataset = file.create_dataset({ name: entry.name, data, shape: entry.torchShape, dtype: '<f' });
      dataset.create_attribute('tfjs_name', description.layout.names[entry.tfIndex]!);
      dataset.create_attribute('kind', entry.kind);
    }
    setJsonAttribute(file, 'parameter_names', entries.filter((e) => e.kind === 'parameter').map((e) => e.name));
    setJsonAttribute(file, 'buffer_names', entries.filter((e) => e.kind === 'buffer').map((e) => e.name));
    file.create_attribute('app_version', APP_VERSION);
    file.create_attribute('source', source);
    file.create_attribute('layout', 'PyTorch: conv OIHW, linear [out, in] with inputs in NCHW flatten order (c, h, w)');
  });
}
