/**
 * Runs test/bench/reference_surface.py — the reference's procedure in
 * PyTorch — on a reference export folder, as a child of this process, with
 * every BLAS/OpenMP pool and torch itself held to `threads`.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { probeTorch, PYTHON } from '../support/python-torch.ts';

export const REFERENCE_SCRIPT = resolve(import.meta.dirname, 'reference_surface.py');

export interface ReferencePoint {
  index: number;
  x: number;
  y: number;
  loss: number;
  acc: number;
}

export interface ReferenceRun {
  threads: number;
  evalImages: number;
  gridPoints: number;
  /** The points' loop only (set_weights + eval_loss per point). */
  seconds: number;
  /** The whole child process: Python, torch and the model loading included. */
  wallSeconds: number;
  points: ReferencePoint[];
}

/** `torch x.y` when the Python has torch, numpy and h5py; otherwise throws why not. */
export function torchVersion(python = PYTHON): string {
  const probe = probeTorch(python);
  if ('reason' in probe) throw new Error(probe.reason);
  return `torch ${probe.version}`;
}

export interface ReferenceRunOptions {
  threads: number;
  /** Flat grid indices; or `sample` random ones (seeded); or neither: the whole grid. */
  points?: number[];
  sample?: number;
  seed?: number;
}

export function runReference(folder: string, options: ReferenceRunOptions): Promise<ReferenceRun> {
  const t = String(options.threads);
  const args = [REFERENCE_SCRIPT, folder, '--threads', t, '--batch', '128'];
  if (options.points) args.push('--points', options.points.join(','));
  else if (options.sample) args.push('--sample', String(options.sample), '--seed', String(options.seed ?? 0));
  const env = { ...process.env, OPENBLAS_NUM_THREADS: t, OMP_NUM_THREADS: t, MKL_NUM_THREADS: t };
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(PYTHON, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`reference_surface.py exited with ${code}: ${stderr.trim().slice(-400)}`));
      const parsed = JSON.parse(stdout) as Omit<ReferenceRun, 'wallSeconds'>;
      resolvePromise({ ...parsed, wallSeconds: (performance.now() - started) / 1000 });
    });
  });
}
