/**
 * The experiment and surface forms. They persist between sessions (a
 * researcher's last settings are the best default), and opening a snapshot
 * fills the experiment form with the settings that produced it.
 */
import type { ResponseMap } from '../../src-main/contract.ts';
import type { SnapshotView } from '../../src-main/contract/app.ts';
import { defaultExperimentForm, formFromSpec, type ExperimentForm } from '../lib/experiment-spec.ts';
import { defaultSurfaceForm, type SurfaceForm } from '../lib/surface-recipe.ts';

const STORAGE_KEY = 'landscape-lab.setup';

export class SetupStore {
  form = $state<ExperimentForm>(defaultExperimentForm());
  surfaceForm = $state<SurfaceForm>(defaultSurfaceForm(null));
  /** The last surface cost estimate and what it was for: kept here so leaving the tab does not time it again. */
  surfaceEstimate = $state.raw<(ResponseMap['estimate-surfaces'] & { key: string }) | null>(null);
  /** The surface form's grid size was chosen by the user (don't replace it with the backend default). */
  #gridChosen = false;

  constructor() {
    try {
      const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as { form?: ExperimentForm; surfaceForm?: SurfaceForm } | null;
      if (stored?.form) this.form = { ...defaultExperimentForm(), ...stored.form };
      if (stored?.surfaceForm) {
        this.surfaceForm = { ...defaultSurfaceForm(null), ...stored.surfaceForm, runIds: [] };
        this.#gridChosen = true;
      }
    } catch {
      // A corrupt entry just means defaults.
    }
  }

  persist(): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ form: this.form, surfaceForm: this.surfaceForm }));
    } catch {
      // Storage may be unavailable; the forms then last for the session.
    }
  }

  /** Once the backend is known: a sensible grid for it, unless the user already chose one. */
  adaptToBackend(backend: string | null): void {
    if (this.#gridChosen) return;
    this.surfaceForm.gridSize = defaultSurfaceForm(backend).gridSize;
  }

  markGridChosen(): void {
    this.#gridChosen = true;
  }

  resetExperiment(): void {
    const keepData = this.form;
    this.form = { ...defaultExperimentForm(), source: keepData.source, dataPath: keepData.dataPath };
  }

  /** The settings that produced a snapshot, ready to train again. */
  fillFromSnapshot(view: SnapshotView): void {
    if (view.runs.length === 0) return;
    this.form = formFromSpec({ name: view.header.name, data: view.header.data, runs: view.runs.map((r) => r.spec) });
  }
}
