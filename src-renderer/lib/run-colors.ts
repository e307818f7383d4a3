/**
 * One colour per run id, shared by every view (curves, run list, surface
 * frames, metrics table). A run keeps its colour for the whole session once it
 * has one, so colours never shuffle when runs are added, hidden or reordered.
 */
import { schemeTableau10 } from 'd3-scale-chromatic';

/** Tableau 10: a categorical palette designed for distinguishable, print-safe series. */
export const RUN_PALETTE: readonly string[] = schemeTableau10;

/**
 * Colours for `runIds` in order: a run already in `previous` keeps its colour;
 * new runs take the first palette colour no other listed run uses, cycling
 * through the palette once every colour is taken.
 */
export function assignRunColors(runIds: readonly string[], previous: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const result = new Map<string, string>();
  const used = new Set<string>();
  for (const id of runIds) {
    const kept = previous.get(id);
    if (kept !== undefined && !result.has(id)) {
      result.set(id, kept);
      used.add(kept);
    }
  }
  let cursor = 0;
  for (const id of runIds) {
    if (result.has(id)) continue;
    const free = RUN_PALETTE.find((color) => !used.has(color));
    const color = free ?? RUN_PALETTE[cursor++ % RUN_PALETTE.length];
    result.set(id, color);
    used.add(color);
  }
  return result;
}

/** The session's registry: `colorOf` never changes a colour once given. */
export class RunColors {
  #colors = new Map<string, string>();

  /** Gives every new id in `runIds` a colour (ids already known keep theirs). */
  register(runIds: readonly string[]): void {
    const ids = [...this.#colors.keys(), ...runIds.filter((id) => !this.#colors.has(id))];
    this.#colors = assignRunColors(ids, this.#colors);
  }

  colorOf(runId: string): string {
    if (!this.#colors.has(runId)) this.register([runId]);
    return this.#colors.get(runId)!;
  }

  /** Forgets every assignment (a new experiment starts from the first colour again). */
  reset(): void {
    this.#colors = new Map();
  }
}
