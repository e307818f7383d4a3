/**
 * Chooses the TensorFlow.js backend, once, at the entry point of a process
 * (engine, CLI, tests). Order of preference:
 *   node-gpu (@tensorflow/tfjs-node-gpu, CUDA) → node (@tensorflow/tfjs-node)
 *   → wasm (@tensorflow/tfjs-backend-wasm) → cpu (@tensorflow/tfjs-backend-cpu).
 * The native packages are optional dependencies: on a machine that cannot
 * download libtensorflow npm drops them, and we fall through to wasm.
 */
import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { registerTrainingKernels } from './kernels/register-training-kernels.ts';

export const BACKEND_NAMES = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  /** Why the backend was skipped; empty when it was chosen. */
  reason: string;
}

export interface BackendReport {
  /** The backend that runs. */
  chosen: BackendName;
  /** TensorFlow.js's own name for it (`tensorflow`, `wasm`, `cpu`). */
  tfName: string;
  /** Every backend tried, in order, with why it was skipped. */
  attempts: BackendAttempt[];
  /** Set when the user forced a backend (flag or LAB_BACKEND). */
  forced: BackendName | null;
  /** Threads available to the backend (wasm in Node is single-threaded). */
  threads: number;
}

export function isBackendName(value: string): value is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(value);
}

function hasNvidiaDriver(): boolean {
  // libtensorflow-gpu silently runs on the CPU without a driver; skipping it
  // then keeps the report honest ("node-gpu" must mean a GPU ran).
  if (process.env.CUDA_VISIBLE_DEVICES === '' || process.env.CUDA_VISIBLE_DEVICES === '-1') return false;
  return existsSync('/proc/driver/nvidia/version') || process.platform === 'win32';
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split('\n')[0] ?? text;
  if (/Cannot find (module|package)/.test(firstLine)) return 'package not installed (optional dependency)';
  return firstLine.slice(0, 200);
}

async function tryNative(packageName: string): Promise<void> {
  await import(packageName);
  const ok = await tf.setBackend('tensorflow');
  if (!ok) throw new Error(`${packageName} loaded but its backend did not initialise`);
}

async function tryBackend(name: BackendName): Promise<void> {
  switch (name) {
    case 'node-gpu':
      if (!hasNvidiaDriver()) throw new Error('no NVIDIA driver found');
      return tryNative('@tensorflow/tfjs-node-gpu');
    case 'node':
      return tryNative('@tensorflow/tfjs-node');
    case 'wasm': {
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend did not initialise');
      return;
    }
    case 'cpu': {
      await import('@tensorflow/tfjs-backend-cpu');
      if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend did not initialise');
      return;
    }
  }
}

let current: BackendReport | null = null;

/** The report of the backend chosen in this process, or null before `chooseBackend`. */
export function currentBackend(): BackendReport | null {
  return current;
}

/**
 * Picks and initialises the backend. `force` (or the LAB_BACKEND environment
 * variable) names one backend to use; if it fails, this throws rather than
 * silently running somewhere else.
 */
export async function chooseBackend(force?: string | null): Promise<BackendReport> {
  const requested = force ?? process.env.LAB_BACKEND ?? null;
  if (requested !== null && requested !== '' && !isBackendName(requested)) {
    throw new Error(`Unknown backend "${requested}". Choose one of: ${BACKEND_NAMES.join(', ')}.`);
  }
  const forced = requested ? (requested as BackendName) : null;
  const order: readonly BackendName[] = forced ? [forced] : BACKEND_NAMES;
  const attempts: BackendAttempt[] = [];
  for (const name of order) {
    try {
      await tryBackend(name);
      await tf.ready();
      attempts.push({ backend: name, ok: true, reason: '' });
      registerTrainingKernels(tf.getBackend());
      current = {
        chosen: name,
        tfName: tf.getBackend(),
        attempts,
        forced,
        threads: name === 'node' || name === 'node-gpu' ? navigatorThreads() : 1,
      };
      return current;
    } catch (error) {
      attempts.push({ backend: name, ok: false, reason: describe(error) });
    }
  }
  const detail = attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ');
  throw new Error(`No TensorFlow.js backend could start (${detail}).`);
}

function navigatorThreads(): number {
  return availableParallelism();
}

/** One line for logs and the UI: "wasm (node-gpu: no NVIDIA driver found; node: package not installed)". */
export function formatBackendReport(report: BackendReport): string {
  const skipped = report.attempts.filter((a) => !a.ok).map((a) => `${a.backend}: ${a.reason}`);
  return skipped.length ? `${report.chosen} (skipped ${skipped.join('; ')})` : report.chosen;
}
