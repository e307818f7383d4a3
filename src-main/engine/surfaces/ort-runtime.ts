/**
 * ONNX Runtime for surfaces: which execution provider runs, with how many
 * threads, and the sessions it creates. CUDA where the user installed
 * onnxruntime-node's CUDA add-on (its install script fetches it; see the
 * README), else the CPU provider that ships in the package. ONNX Runtime is
 * native and threaded, so one process uses every core (intra-op threads).
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type * as OrtModule from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-node';

export type OrtProvider = 'cuda' | 'cpu';
type Ort = typeof OrtModule;

let loaded: Promise<Ort> | null = null;

/** The onnxruntime-node module, loaded on first use (its native binding is large). */
export function loadOrt(): Promise<Ort> {
  loaded ??= import('onnxruntime-node');
  return loaded;
}

/** Whether onnxruntime-node's CUDA provider library is installed beside its binding. */
export function cudaProviderInstalled(): boolean {
  try {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('onnxruntime-node/package.json'));
    const bin = join(root, 'bin');
    if (!existsSync(bin)) return false;
    const stack = [bin];
    while (stack.length) {
      const folder = stack.pop()!;
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        if (entry.isDirectory()) stack.push(join(folder, entry.name));
        else if (/onnxruntime_providers_cuda/.test(entry.name)) return true;
      }
    }
    return false;
  } catch {
    return false;
  }
}

/** Intra-op threads: every core, or `LAB_ORT_THREADS`. */
export function ortThreads(): number {
  const forced = Number(process.env.LAB_ORT_THREADS);
  return Number.isInteger(forced) && forced > 0 ? forced : availableParallelism();
}

let liveSessions = 0;

/** Sessions created and not yet released: a test checks it returns to where it was after a surface. */
export function liveOrtSessions(): number {
  return liveSessions;
}

/** Releases a session made by `createOrtSession`. */
export async function releaseOrtSession(info: OrtSessionInfo): Promise<void> {
  await info.session.release();
  liveSessions -= 1;
}

export interface OrtSessionInfo {
  session: InferenceSession;
  provider: OrtProvider;
  threads: number;
  /** "onnxruntime 1.30.0 cpu, 2 threads" */
  description: string;
}

/**
 * A session for `model` on the preferred provider; CUDA falls back to the CPU
 * with the reason in the description.
 */
export async function createOrtSession(model: Uint8Array, prefer: OrtProvider | 'auto', threads = ortThreads()): Promise<OrtSessionInfo> {
  const ort = await loadOrt();
  const version = ort.env.versions.common;
  const options = (providers: string[]): InferenceSession.SessionOptions => ({
    executionProviders: providers,
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  let fallback = '';
  if (prefer === 'cuda' || (prefer === 'auto' && cudaProviderInstalled())) {
    try {
      const session = await ort.InferenceSession.create(model, options(['cuda']));
      liveSessions += 1;
      return { session, provider: 'cuda', threads, description: `onnxruntime ${version} cuda` };
    } catch (error) {
      if (prefer === 'cuda') throw new Error(`ONNX Runtime's CUDA provider could not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      fallback = ` (cuda skipped: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
    }
  }
  const session = await ort.InferenceSession.create(model, options(['cpu']));
  liveSessions += 1;
  return { session, provider: 'cpu', threads, description: `onnxruntime ${version} cpu, ${threads} thread${threads === 1 ? '' : 's'}${fallback}` };
}
