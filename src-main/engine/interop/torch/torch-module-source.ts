/**
 * A readable PyTorch `model.py` for a described network (torch + numpy + h5py
 * only): one `nn.Module` whose submodules are the network's layers, named as
 * in TensorFlow.js (`conv1`, `bn1`, `act1`, `dense1`, `logits`), registered in
 * layer order, so `model.parameters()` and `state_dict()` list exactly the
 * torch-layout.ts entries in their order. It takes NCHW float32 images and
 * returns logits; BN is `nn.BatchNorm2d/1d` with TensorFlow.js's ε, the
 * activations are torch-activations.ts's, dropout is left out (inference).
 * `load(path)` reads a state written by torch-state-h5.ts and returns the
 * module in eval mode.
 */
import type { LayerDescription, NetworkDescription } from '../network-description.ts';
import { torchEntries } from '../torch-layout.ts';
import { pyFloat, TORCH_HELPERS, torchActivationFunctions } from './torch-activations.ts';

export interface TorchModuleInfo {
  appVersion: string;
  /** One line on where the network comes from, e.g. "run relu-bn of demo.lab". */
  source: string;
}

const tuple = (values: readonly number[]): string => `(${values.join(', ')}${values.length === 1 ? ',' : ''})`;

interface Emitted {
  init: string[];
  forward: string[];
}

function emitLayer(layer: LayerDescription, description: NetworkDescription, spatial: boolean): Emitted {
  const n = layer.name;
  switch (layer.kind) {
    case 'conv': {
      const [kh, kw, cin, cout] = layer.kernel;
      const [top, left, bottom, right] = layer.pads;
      const symmetric = top === bottom && left === right;
      const bias = layer.bias === null ? 'False' : 'True';
      const padding = symmetric ? `, padding=${tuple([top, left])}` : '';
      return {
        init: [`self.${n} = nn.Conv2d(${cin}, ${cout}, kernel_size=${tuple([kh, kw])}${padding}, bias=${bias})`],
        // TensorFlow.js's "same" padding puts an odd extra row/column at the end.
        forward: symmetric ? [`x = self.${n}(x)`] : [`x = self.${n}(F.pad(x, ${tuple([left, right, top, bottom])}))`],
      };
    }
    case 'batchnorm': {
      if ((layer.gamma === null) !== (layer.beta === null)) throw new Error(`Layer ${n}: BN with only one of γ and β has no PyTorch form.`);
      const kind = spatial ? 'BatchNorm2d' : 'BatchNorm1d';
      const affine = layer.gamma === null ? ', affine=False' : '';
      return { init: [`self.${n} = nn.${kind}(${layer.channels}, eps=${pyFloat(layer.epsilon)}${affine})`], forward: [`x = self.${n}(x)`] };
    }
    case 'activation': {
      const params = Object.entries(layer.params).map(([name, index]) => `('${name}', ${description.layout.shapes[index]!.reduce((a, b) => a * b, 1)})`);
      return {
        init: [`self.${n} = Activation('${layer.activation}', [${params.join(', ')}])`],
        forward: [`x = self.${n}(x)`],
      };
    }
    case 'maxpool':
      return { init: [`self.${n} = nn.MaxPool2d(kernel_size=${tuple(layer.size)}, stride=${tuple(layer.size)})`], forward: [`x = self.${n}(x)`] };
    case 'flatten':
      // NCHW flattens channel-major (c, h, w); the dense weights are stored in that column order.
      return { init: [], forward: ['x = torch.flatten(x, 1)'] };
    case 'dense': {
      const bias = layer.bias === null ? 'False' : 'True';
      return { init: [`self.${n} = nn.Linear(${layer.inputs}, ${layer.units}, bias=${bias})`], forward: [`x = self.${n}(x)`] };
    }
  }
}

const ACTIVATION_CLASS = `class Activation(nn.Module):
    """An element-wise activation; its parameters (one per layer, or one per channel) are trainable."""

    def __init__(self, kind, params):
        super().__init__()
        self.kind = kind
        self.names = [name for name, _ in params]
        for name, size in params:
            self.register_parameter(name, nn.Parameter(torch.zeros(size)))

    def forward(self, x):
        p = {}
        for name in self.names:
            value = getattr(self, name)
            # One value per channel broadcasts over NCHW's channel axis.
            p[name] = value.view(1, -1, 1, 1) if x.dim() == 4 and value.numel() > 1 else value
        return ACTIVATIONS[self.kind](x, p)

    def extra_repr(self):
        return "'%s'" % self.kind
`;

const LOAD_FUNCTION = `def load(path, device='cpu'):
    """The network with the weights in \`path\` (an HDF5 file: one dataset per state_dict key), in eval mode."""
    net = Network()
    state = net.state_dict()
    with h5py.File(path, 'r') as f:
        for name, tensor in state.items():
            if name.endswith('num_batches_tracked'):
                continue
            if name not in f:
                raise KeyError('%s has no dataset %s' % (path, name))
            value = torch.from_numpy(np.asarray(f[name], dtype=np.float32))
            if tuple(value.shape) != tuple(tensor.shape):
                raise ValueError('%s: %s has shape %s, the module expects %s' % (path, name, tuple(value.shape), tuple(tensor.shape)))
            tensor.copy_(value)
    return net.to(device).eval()
`;

/** The complete `model.py`. */
export function torchModuleSource(description: NetworkDescription, info: TorchModuleInfo): string {
  const init: string[] = [];
  const forward: string[] = [];
  let spatial = true;
  for (const layer of description.layers) {
    const emitted = emitLayer(layer, description, spatial);
    init.push(...emitted.init);
    forward.push(...emitted.forward);
    if (layer.kind === 'flatten') spatial = false;
  }
  const activations = description.layers.flatMap((l) => (l.kind === 'activation' ? [l.activation] : []));
  const unique = [...new Set(activations)];
  const parameterNames = torchEntries(description)
    .filter((e) => e.kind === 'parameter')
    .map((e) => e.name);
  const [h, w, c] = description.inputShape;
  return `"""
Generated by Landscape Lab ${info.appVersion} from ${info.source}.

The network as a PyTorch module (torch, numpy and h5py only). Input: NCHW float32
images [N, ${c}, ${h}, ${w}], preprocessed as in eval_data.npz; output: logits [N, ${description.classes}].
BN runs on its running statistics in eval mode; dropout is left out.

    import model
    net = model.load('state.h5')        # eval mode
    logits = net(images)                # torch.nn.CrossEntropyLoss()(logits, labels) is our loss

model.parameters() order (the order of directions.h5's xdirection/<i>):
${parameterNames.map((name, i) => `    ${i}: ${name}`).join('\n')}
"""
import h5py
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

INPUT_SHAPE = ${tuple([c, h, w])}
CLASSES = ${description.classes}

${TORCH_HELPERS}

${torchActivationFunctions(unique)}

ACTIVATIONS = {${unique.map((name) => `'${name}': act_${name}`).join(', ')}}


${ACTIVATION_CLASS}

class Network(nn.Module):
    def __init__(self):
        super().__init__()
${init.map((line) => `        ${line}`).join('\n')}

    def forward(self, x):
${forward.map((line) => `        ${line}`).join('\n')}
        return x


${LOAD_FUNCTION}`;
}
