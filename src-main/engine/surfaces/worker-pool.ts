/**
 * Engine processes that share a surface's points. TensorFlow.js wasm in Node
 * is single-threaded, so one process per core is how a surface uses every
 * core. The pool stays warm between surfaces (processes cache their data
 * sets) and shuts down after a minute of idleness.
 */
import { availableParallelism } from 'node:os';
import { EngineClient } from '../../host/engine-client.ts';

const IDLE_MS = 60_000;

export class WorkerPool {
  private readonly clients: EngineClient[] = [];
  private idleTimer: NodeJS.Timeout | null = null;

  /** `count` warm engines (started if needed). */
  async acquire(count: number): Promise<EngineClient[]> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    while (this.clients.length < count) this.clients.push(new EngineClient());
    const clients = this.clients.slice(0, count);
    await Promise.all(clients.map((client) => client.ready()));
    return clients;
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
