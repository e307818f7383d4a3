/** The Python with PyTorch that the reference checks and the reference bench run: `$LAB_PYTHON`, else Debian's `/usr/bin/python3`. */
import { spawnSync } from 'node:child_process';

export const PYTHON = process.env.LAB_PYTHON ?? '/usr/bin/python3';

/** `{ version }` when `python` imports torch, numpy and h5py; otherwise `{ reason }` why not. */
export function probeTorch(python = PYTHON): { version: string } | { reason: string } {
  const probe = spawnSync(python, ['-c', 'import torch, numpy, h5py; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
  if (probe.error) return { reason: `${python} cannot run (${probe.error.message})` };
  if (probe.status !== 0) return { reason: `${python} has no torch/numpy/h5py (${(probe.stderr.trim().split('\n').at(-1) ?? '').slice(0, 200)})` };
  return { version: probe.stdout.trim() };
}

/** null when `python` imports torch, numpy and h5py; otherwise why not. */
export function torchUnavailable(python = PYTHON): string | null {
  const probe = probeTorch(python);
  return 'reason' in probe ? probe.reason : null;
}
