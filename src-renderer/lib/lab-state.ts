/**
 * `window.__labState`: a read-only summary of what the UI holds and shows,
 * for end-to-end tests to poll instead of scraping the page.
 */

export interface LabStateSummary {
  /** Which host the page talks to, and whether it is connected. */
  host: 'electron' | 'web';
  connected: boolean;
  engine: 'idle' | 'busy' | 'crashed';
  activeTab: string;
  /** Epoch records received (or loaded) per run id. */
  epochs: Record<string, number>;
  runs: Array<{ id: string; label: string; status: string; epochs: number; totalEpochs: number }>;
  /** Running jobs. */
  jobs: Array<{ jobId: string; kind: string; done: number; total: number }>;
  /** Ids of the surfaces in the current snapshot. */
  surfaces: string[];
  /** How many 3D views currently show a drawn surface, and their field ids. */
  surfacesShown: number;
  shownSurfaceIds: string[];
  logScale: boolean;
  snapshotPath: string | null;
  /** The last error shown to the user, if any. */
  lastError: string | null;
  /** An uncaught renderer error shown in the fault banner, if any. */
  fault: string | null;
}

/** A frozen deep copy, so a test cannot change the app's state through it. */
export function freezeSummary(summary: LabStateSummary): Readonly<LabStateSummary> {
  const copy = structuredClone(summary);
  for (const value of Object.values(copy)) if (value && typeof value === 'object') Object.freeze(value);
  copy.runs.forEach((r) => Object.freeze(r));
  copy.jobs.forEach((j) => Object.freeze(j));
  return Object.freeze(copy);
}
