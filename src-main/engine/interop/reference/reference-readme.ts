/** README.txt of a reference export folder: what is there, and three commands that check a point with the reference's own code. */
import type { SurfaceData } from '../../../contract.ts';

export interface ReadmeInput {
  appVersion: string;
  runId: string;
  surface: SurfaceData | null;
  evalCount: number;
  /** Extra lines: what the export could not express, or what differs from the reference's procedure. */
  notes: string[];
  /** `torch/origin_state.h5` holds the plane's origin θ₀ (it differs from the trained weights). */
  separateOrigin: boolean;
}

function pointCommands(surface: SurfaceData, state: string): string {
  const x = surface.xCoordinates;
  const y = surface.yCoordinates;
  const ix = Math.floor(x.length / 4);
  const iy = Math.floor(y.length / 4);
  const twoD = y.length > 0;
  const step = twoD ? `np.array([${x[ix]}, ${y[iy]}])` : `np.float64(${x[ix]})`;
  const stored = twoD ? `h5py.File('surface.h5', 'r')['train_loss'][${iy}, ${ix}]` : `h5py.File('surface.h5', 'r')['train_loss'][${ix}]`;
  return `  python3 - <<'PY'
import sys; sys.path[:0] = ['torch', '/path/to/loss-landscape']   # a clone of github.com/tomgoldstein/loss-landscape
import h5py, numpy as np, torch, model, net_plotter, evaluation
net = model.load('${state}')                                              # 1. the network, eval mode
w = net_plotter.get_weights(net); d = net_plotter.load_directions('directions.h5')
net_plotter.set_weights(net, w, d, ${step})           # 2. theta + x*d1${twoD ? ' + y*d2' : ''} (the reference's set_weights)
data = np.load('eval_data.npz')
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.from_numpy(data['images']), torch.from_numpy(data['labels'])), batch_size=128)
print(evaluation.eval_loss(net, torch.nn.CrossEntropyLoss(), loader), ${stored})   # 3. (loss, acc %) vs ours
PY`;
}

export function referenceReadme(input: ReadmeInput): string {
  const { surface } = input;
  const state = input.separateOrigin ? 'torch/origin_state.h5' : 'torch/state.h5';
  const files = [
    'model.onnx          the trained network: standard ONNX ops, input "input" NCHW float32, output "logits"',
    'torch/model.py      the same network as a PyTorch nn.Module (torch + numpy + h5py); load(path) -> module in eval mode',
    'torch/state.h5      its weights in PyTorch layout (conv OIHW, linear [out, in], BN running stats), one dataset per state_dict key',
    ...(input.separateOrigin ? ['torch/origin_state.h5  the plane\'s origin theta0 (differs from the trained weights: the surface is taken around it)'] : []),
    `eval_data.npz       ${surface ? 'exactly the examples the surface was evaluated on' : 'the default evaluation subset'} (${input.evalCount}): images float32 [N, C, H, W] after preprocessing, labels int64`,
    ...(surface
      ? [
          'directions.h5       the plane in the reference format: xdirection/<i>, ydirection/<i> in model.parameters() order, PyTorch layout',
          'surface.h5          the surface in the reference layout (xcoordinates, ycoordinates, train_loss [y][x], train_acc %, dir_file), recipe as attributes',
        ]
      : []),
  ];
  const header = surface
    ? `Surface ${surface.id} of run ${input.runId} (Landscape Lab ${input.appVersion}): ${surface.label}.`
    : `Run ${input.runId} (Landscape Lab ${input.appVersion}). This run has no surface in the snapshot: model and data only.`;
  const check = surface
    ? `Check a point against the reference implementation (run from this folder; torch, numpy, h5py):

${pointCommands(surface, state)}

The loss is the mean cross-entropy over eval_data.npz; ours was computed ${surface.recipe.mode.kind === 'fast' ? 'in fast mode (surface.h5 landscape_lab/done: 1 exact, 2 sampled, 3 interpolated; compare points marked 1)' : 'exactly at every point'}.`
    : `Load the model and compute its loss (run from this folder):

  python3 -c "import sys; sys.path[:0] = ['torch']; import model, numpy as np, torch; net = model.load('torch/state.h5'); d = np.load('eval_data.npz'); print(torch.nn.CrossEntropyLoss()(net(torch.from_numpy(d['images'])), torch.from_numpy(d['labels'])).item())"`;
  return [header, '', ...files, '', check, ...(input.notes.length > 0 ? ['', 'Notes:', ...input.notes.map((n) => `- ${n}`)] : []), ''].join('\n');
}
