/**
 * Asks the contour worker for iso-lines. Where a worker cannot start (some
 * file:// setups), the same function runs on the UI thread after yielding a
 * frame, so contours still appear.
 */
import { extractContours, type ContourInput, type ContourLine } from '../lib/contours.ts';
import type { ContourRequest, ContourResponse } from './contour.worker.ts';

interface Pending {
  input: ContourInput;
  resolve: (lines: ContourLine[]) => void;
}

class ContourClient {
  #worker: Worker | null = null;
  #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor() {
    try {
      this.#worker = new Worker(new URL('./contour.worker.ts', import.meta.url), { type: 'module' });
      this.#worker.onmessage = (event: MessageEvent<ContourResponse>) => {
        const pending = this.#pending.get(event.data.id);
        this.#pending.delete(event.data.id);
        pending?.resolve(event.data.lines);
      };
      this.#worker.onerror = () => this.#fallBack();
    } catch {
      this.#worker = null;
    }
  }

  compute(input: ContourInput): Promise<ContourLine[]> {
    return new Promise((resolve) => {
      if (!this.#worker) {
        setTimeout(() => resolve(extractContours(input)), 0);
        return;
      }
      const id = this.#nextId++;
      this.#pending.set(id, { input, resolve });
      const request: ContourRequest = { id, input };
      this.#worker.postMessage(request);
    });
  }

  /** The worker failed: finish what it was asked on this thread, and stop using it. */
  #fallBack(): void {
    this.#worker?.terminate();
    this.#worker = null;
    for (const { input, resolve } of this.#pending.values()) setTimeout(() => resolve(extractContours(input)), 0);
    this.#pending.clear();
  }
}

let client: ContourClient | null = null;

/** Contour lines of a field (see extractContours), computed off the UI thread where possible. */
export function computeContours(input: ContourInput): Promise<ContourLine[]> {
  client ??= new ContourClient();
  return client.compute(input);
}
