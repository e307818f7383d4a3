/**
 * Interface state that is not the host's business: the open tab, the theme,
 * dialogs, how surfaces are drawn, which 3D view is active. The theme choice
 * and the drawing options persist in localStorage between sessions.
 */
import type { SurfaceArrayName } from '../../src-main/contract/surface.ts';

export type TabName = 'training' | 'landscapes' | 'compare' | 'studies';
export const TABS: ReadonlyArray<{ name: TabName; label: string }> = [
  { name: 'training', label: 'Training' },
  { name: 'landscapes', label: 'Landscapes' },
  { name: 'compare', label: 'Compare' },
  { name: 'studies', label: 'Studies' },
];

export type ThemeChoice = 'system' | 'light' | 'dark';
export type DialogName = 'open' | 'save-as' | 'shortcuts' | 'confirm-new' | null;

export interface SurfaceViewOptions {
  array: SurfaceArrayName;
  logScale: boolean;
  /** Clip the z axis at this value (raw units); null = no clip. */
  clipMax: number | null;
  wireframe: boolean;
  contours: boolean;
  showTrajectory: boolean;
  /** Compare view: one z range for every surface. */
  sharedZ: boolean;
  /** Compare view: moving one camera moves all. */
  linkCameras: boolean;
  /** Landscape view: the 2D contour map beside the 3D view. */
  showMap: boolean;
  /** Compare view: panels per row (1–4). */
  perRow: number;
}

/** What a mounted 3D view offers the toolbar and shortcuts. */
export interface ViewerHandle {
  /** The field drawn (surface id, or `diff:a:b`). */
  fieldId: string;
  /** The surface behind it, for exports; null for a difference. */
  surfaceId: string | null;
  /** What the panel is called on screen ("ReLU · random"), for menus and notices. */
  label: string;
  /** The view's width on screen, in CSS pixels. */
  width(): number;
  /** PNG bytes of the view at `scale` × its size on screen. */
  exportPng(scale: number): Promise<Uint8Array<ArrayBuffer>>;
  resetCamera(): void;
  /** Whether a surface is drawn (WebGL available and a mesh built). */
  drawn(): boolean;
}

const STORAGE_KEY = 'landscape-lab.ui';

const DEFAULT_SURFACE_OPTIONS: SurfaceViewOptions = {
  array: 'trainLoss',
  logScale: false,
  clipMax: null,
  wireframe: false,
  contours: true,
  showTrajectory: true,
  sharedZ: true,
  linkCameras: true,
  showMap: true,
  perRow: 3,
};

function loadStored(): { theme?: ThemeChoice; surface?: Partial<SurfaceViewOptions>; chartLog?: boolean } {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as ReturnType<typeof loadStored>;
  } catch {
    return {};
  }
}

export class UiStore {
  tab = $state<TabName>('training');
  theme = $state<ThemeChoice>('system');
  systemDark = $state(false);
  dialog = $state<DialogName>(null);
  chartLog = $state(false);
  surface = $state<SurfaceViewOptions>({ ...DEFAULT_SURFACE_OPTIONS });
  /** The surface shown in the Landscapes tab. */
  selectedSurfaceId = $state<string | null>(null);
  /** Surfaces in the Compare grid; empty = the latest surface of every run. */
  compareIds = $state<string[]>([]);
  diffA = $state<string | null>(null);
  diffB = $state<string | null>(null);
  /** Runs hidden from the charts. */
  hiddenRuns = $state<string[]>([]);
  /** The 3D view the toolbar's PNG export and R act on. */
  activeViewer = $state<string | null>(null);
  /** Bumped whenever a 3D view mounts, unmounts or draws. */
  viewersVersion = $state(0);
  /** Bumped to ask the setup panel to take focus (New experiment). */
  focusSetup = $state(0);
  // Handles are objects with methods, not state: `viewersVersion` signals changes.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly viewers = new Map<string, ViewerHandle>();

  resolvedTheme = $derived<'light' | 'dark'>(this.theme === 'system' ? (this.systemDark ? 'dark' : 'light') : this.theme);

  constructor() {
    const stored = loadStored();
    if (stored.theme) this.theme = stored.theme;
    if (stored.surface) this.surface = { ...DEFAULT_SURFACE_OPTIONS, ...stored.surface };
    if (stored.chartLog !== undefined) this.chartLog = stored.chartLog;
    const query = matchMedia('(prefers-color-scheme: dark)');
    this.systemDark = query.matches;
    query.addEventListener('change', (event) => (this.systemDark = event.matches));
  }

  persist(): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ theme: this.theme, surface: this.surface, chartLog: this.chartLog }));
    } catch {
      // Private windows may refuse storage; the settings then last for the session.
    }
  }

  /** System → the opposite of what the system shows → back to following the system. */
  cycleTheme(): void {
    this.theme = this.theme === 'system' ? (this.systemDark ? 'light' : 'dark') : 'system';
    this.persist();
  }

  registerViewer(key: string, handle: ViewerHandle): () => void {
    this.viewers.set(key, handle);
    this.activeViewer ??= key;
    this.viewersVersion++;
    return () => {
      this.viewers.delete(key);
      if (this.activeViewer === key) this.activeViewer = this.viewers.keys().next().value ?? null;
      this.viewersVersion++;
    };
  }

  /** The active 3D view, or the first one mounted. */
  currentViewer(): ViewerHandle | null {
    return (this.activeViewer ? this.viewers.get(this.activeViewer) : undefined) ?? this.viewers.values().next().value ?? null;
  }

  /** Field ids of the 3D views that currently show a drawn surface. */
  shownFieldIds(): string[] {
    void this.viewersVersion;
    return [...this.viewers.values()].filter((v) => v.drawn()).map((v) => v.fieldId);
  }
}
