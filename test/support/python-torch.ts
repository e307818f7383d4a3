/** The Python with PyTorch that the reference checks run: `$LAB_PYTHON`, else Debian's `/usr/bin/python3`. */
import { spawnSync } from 'node:child_process';

export const PYTHON = process.env.LAB_PYTHON ?? '/usr/bin/python3';

/** null when `PYTHON` imports torch, numpy and h5py; otherwise why not. */
export function torchUnavailable(python = PYTHON): string | null {
  const probe = spawnSync(python, ['-c', 'import torch, numpy, h5py; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error) return `${python} cannot run (${probe.error.message})`;
  if (probe.status !== 0) return `${python} has no torch/numpy/h5py (${(probe.stderr.trim().split('\n').at(-1) ?? '').slice(0, 200)})`;
  return null;
}
