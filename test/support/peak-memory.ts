/** Reads a file in a child process (see read-in-child.ts) and returns its error and peak memory. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./read-in-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildRead {
  error: string | null;
  maxRssBytes: number;
}

/** A hang becomes a failed test after `timeoutMs`, not a stuck suite. */
export async function readInChild(kind: 'cifar10' | 'snapshot' | 'idx-images', path: string, timeoutMs = 30_000): Promise<ChildRead> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, kind, path], { cwd: root, timeout: timeoutMs, killSignal: 'SIGKILL' });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildRead;
}
