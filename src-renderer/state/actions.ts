/**
 * Every user action in one place, whatever asked for it: a toolbar button, an
 * Electron menu command or a keyboard shortcut. A key press that Electron's
 * menu also turned into a command runs once.
 */
import type { ExportFormat } from '../../src-main/contract/app.ts';
import { exportScale } from '../lib/export-scale.ts';
import { composePngs } from '../lib/png-compose.ts';
import { MEAN_ID_PREFIX } from '../lib/seed-groups.ts';
import { createActionDeduper, type AppAction } from '../lib/shortcuts.ts';
import type { LabStore } from './lab.svelte.ts';
import type { UiStore, ViewerHandle } from './ui.svelte.ts';

export type ActionSource = 'key' | 'menu' | 'button';

export interface Actions {
  run(action: AppAction, source?: ActionSource): Promise<void>;
  exportAs(format: ExportFormat): Promise<void>;
  /** PNG of one 3D view (its viewer key) or of every view side by side ('all'); default the active view. */
  exportPng(target?: string): Promise<void>;
  /** New experiment without asking (after the confirmation dialog). */
  startNew(): void;
  /** Opens a snapshot and shows the most useful tab for it. */
  open(path?: string): Promise<void>;
  saveAs(path?: string): Promise<void>;
}

/** Starts a browser download of a URL the web host made (the server names the file). */
function download(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

export function createActions(lab: LabStore, ui: UiStore): Actions {
  const accept = createActionDeduper();
  const electron = lab.api.host === 'electron';

  const hasSomethingToSave = (): boolean => lab.snapshot !== null || Boolean(lab.appInfo?.workingSnapshot);

  const startNew = (): void => {
    lab.clearExperiment();
    ui.dialog = null;
    ui.tab = 'training';
    ui.selectedSurfaceId = null;
    ui.compareIds = [];
    ui.focusSetup++;
  };

  const open = async (path?: string): Promise<void> => {
    if (!(await lab.openSnapshot(path))) return;
    ui.dialog = null;
    ui.compareIds = [];
    ui.selectedSurfaceId = lab.snapshot?.surfaces.at(-1)?.id ?? null;
    const surfaces = lab.snapshot?.surfaces.length ?? 0;
    ui.tab = surfaces >= 2 ? 'compare' : surfaces === 1 ? 'landscapes' : 'training';
  };

  const saveAs = async (path?: string): Promise<void> => {
    if (!hasSomethingToSave()) {
      lab.notices.push('info', 'Nothing to save yet', 'Train an experiment or open a snapshot first.');
      return;
    }
    if (!electron && path === undefined) {
      ui.dialog = 'save-as';
      return;
    }
    if ((await lab.saveSnapshot(path)) !== null) ui.dialog = null;
  };

  const deliver = (format: ExportFormat, result: { path: string | null; url: string | null } | null): void => {
    if (!result) return;
    if (result.url) {
      download(result.url);
      lab.notices.push('success', `${format.toUpperCase()} export ready`, 'Your browser is downloading it.');
    } else if (result.path) {
      lab.notices.push('success', `Exported ${format.toUpperCase()}`, result.path);
    }
  };

  /** PNG of the chosen view(s), each at its size × the pixel ratio and at least 1600 px wide. */
  const exportPng = async (target?: string): Promise<void> => {
    const keys = target === 'all' ? [...ui.viewers.keys()] : [target ?? ui.activeViewer ?? ui.viewers.keys().next().value ?? ''];
    const viewers = keys.map((key) => ui.viewers.get(key)).filter((v): v is ViewerHandle => v !== undefined && v.drawn());
    if (viewers.length === 0) {
      lab.notices.push('info', 'No 3D view to export', 'Open a surface in the Landscapes or Compare tab first.');
      return;
    }
    // One scale for every panel, so that side by side they keep their relative sizes.
    const scale = Math.max(...viewers.map((v) => exportScale(v.width(), window.devicePixelRatio)));
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      const images = await Promise.all(viewers.map((v) => v.exportPng(scale)));
      const background = getComputedStyle(document.documentElement).getPropertyValue('--scene-bg').trim() || '#ffffff';
      bytes = images.length === 1 ? images[0] : await composePngs(images, background, Math.round(16 * scale));
    } catch (error) {
      lab.notices.error('Could not render the PNG', error);
      return;
    }
    const what = viewers.length === 1 ? viewers[0].label : `${viewers.length} panels`;
    const result = await lab.exportAs('png', viewers.length === 1 ? viewers[0].surfaceId : null, bytes);
    if (result) lab.notices.push('success', `PNG of ${what}`, result.url ? 'Your browser is downloading it.' : (result.path ?? ''));
    if (result?.url) download(result.url);
  };

  const exportAs = async (format: ExportFormat): Promise<void> => {
    const viewer = ui.currentViewer();
    if (format === 'png') return exportPng();
    // The reference export covers every surface, and every run without one (model and data only).
    const chosen = format === 'reference' ? null : (viewer?.surfaceId ?? ui.selectedSurfaceId ?? lab.snapshot?.surfaces.at(-1)?.id ?? null);
    // A mean of several planes is drawn, not stored: HDF5 and npy then hold the whole snapshot, every plane included.
    const isMean = chosen?.startsWith(MEAN_ID_PREFIX) ?? false;
    const surfaceId = isMean && (format === 'h5' || format === 'npy') ? null : chosen;
    if (format !== 'h5' && format !== 'npy' && format !== 'reference' && surfaceId === null) {
      lab.notices.push('info', `Nothing to export as ${format.toUpperCase()}`, 'Compute a loss surface first.');
      return;
    }
    if (isMean && surfaceId !== null) {
      lab.notices.push('info', `The mean of several planes is not a stored surface`, `Choose one of its planes in the surface picker to export it as ${format.toUpperCase()}, or export the whole snapshot as HDF5 (every plane).`);
      return;
    }
    if (!hasSomethingToSave()) {
      lab.notices.push('info', 'Nothing to export yet', 'Train an experiment or open a snapshot first.');
      return;
    }
    deliver(format, await lab.exportAs(format, surfaceId));
  };

  const run = async (action: AppAction, source: ActionSource = 'button'): Promise<void> => {
    if (!accept(action, source, performance.now())) return;
    switch (action) {
      case 'new-experiment':
        if (lab.dirty && lab.runs.length > 0) ui.dialog = 'confirm-new';
        else startNew();
        return;
      case 'open-snapshot':
        if (electron) await open();
        else {
          void lab.refreshRecent();
          ui.dialog = 'open';
        }
        return;
      case 'save':
        // First save: Electron asks where (a native dialog); the web host names it in its snapshot folder.
        if (!hasSomethingToSave()) await saveAs();
        else await lab.saveSnapshot(lab.savedPath ?? undefined);
        return;
      case 'save-as':
        await saveAs();
        return;
      case 'export-png':
        return exportAs('png');
      case 'export-h5':
        return exportAs('h5');
      case 'export-csv':
        return exportAs('csv');
      case 'export-vtp':
        return exportAs('vtp');
      case 'export-reference':
        return exportAs('reference');
      case 'toggle-theme':
        ui.cycleTheme();
        return;
      case 'reset-camera':
        ui.currentViewer()?.resetCamera();
        return;
      case 'studies':
        ui.tab = 'studies';
        return;
      case 'toggle-log-scale':
        if (ui.tab === 'training') ui.chartLog = !ui.chartLog;
        else ui.surface.logScale = !ui.surface.logScale;
        ui.persist();
        return;
      case 'toggle-wireframe':
        ui.surface.wireframe = !ui.surface.wireframe;
        ui.persist();
        return;
      case 'show-shortcuts':
        ui.dialog = ui.dialog === 'shortcuts' ? null : 'shortcuts';
        return;
      case 'close-dialog':
        ui.dialog = null;
        return;
    }
  };

  return { run, exportAs, exportPng, startNew, open, saveAs };
}
