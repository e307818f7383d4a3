/**
 * Engine processes that share a surface's points. TensorFlow.js wasm in Node
 * is single-threaded, so one process per core is how a surface uses every
 * core. The pool stays warm between surfaces (each process keeps the
 * evaluator of its last surface) and shuts down after a minute of idleness.
 */
import { availableParallelism } from 'node:os';
import { EngineClient } from '../../engine-client/engine-client.ts';

const IDLE_MS = 60_000;

export class WorkerPool {
  private readonly clients: EngineClient[] = [];
  private idleTimer: NodeJS.Timeout | null = null;

  /**
   * `count` engines, started if needed but not waited for: work can begin in
   * this process while they start (`EngineClient.run` waits for readiness).
   */
  acquire(count: number): EngineClient[] {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    while (this.clients.length < count) {
      const client = new EngineClient();
      // Start now; a failure to start reaches whoever runs a job on it.
      client.ready().catch(() => undefined);
      this.clients.push(client);
    }
    return this.clients.slice(0, count);
  }

  release(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.dispose(), IDLE_MS);
    this.idleTimer.unref();
  }

  dispose(): void {
    for (const client of this.clients.splice(0)) client.dispose();
  }
}

export const workerPool = new WorkerPool();

/** Default number of processes for a surface: one per core. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}
