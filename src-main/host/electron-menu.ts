/**
 * The application menu as data. Items that need the renderer's state (which
 * surface is selected, the pixels of the 3D view) become `menu-command`
 * events; file dialogs are the main process's own.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { MenuCommand } from '../contract.ts';

export interface MenuActions {
  /** Sends a `menu-command` event to the window. */
  command(command: MenuCommand): void;
  open(): void;
  openRecent(path: string): void;
  save(): void;
  saveAs(): void;
  about(): void;
  shortcuts(): void;
}

export interface MenuContext {
  recent: string[];
  isMac: boolean;
  /** Developer tools are offered only when running from source. */
  isDev: boolean;
}

/** The keyboard shortcuts the menu defines, as shown in Help ▸ Keyboard shortcuts. */
export const MENU_SHORTCUTS: ReadonlyArray<{ accelerator: string; action: string }> = [
  { accelerator: 'CmdOrCtrl+N', action: 'New experiment' },
  { accelerator: 'CmdOrCtrl+O', action: 'Open snapshot…' },
  { accelerator: 'CmdOrCtrl+S', action: 'Save' },
  { accelerator: 'CmdOrCtrl+Shift+S', action: 'Save as…' },
  { accelerator: 'CmdOrCtrl+E', action: 'Export the 3D view as PNG' },
  { accelerator: 'CmdOrCtrl+Shift+L', action: 'Toggle light / dark theme' },
  { accelerator: 'CmdOrCtrl+Shift+C', action: 'Reset camera' },
];

const key = (action: string): string => MENU_SHORTCUTS.find((s) => s.action === action)!.accelerator;

export function menuTemplate(actions: MenuActions, context: MenuContext): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] = context.recent.length
    ? context.recent.map((path) => ({ label: basename(path), sublabel: path, click: () => actions.openRecent(path) }))
    : [{ label: 'No recent snapshots', enabled: false }];
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New experiment', accelerator: key('New experiment'), click: () => actions.command('new-experiment') },
      { label: 'Studies…', click: () => actions.command('studies') },
      { type: 'separator' },
      { label: 'Open snapshot…', accelerator: key('Open snapshot…'), click: () => actions.open() },
      { label: 'Open recent', submenu: recent },
      { type: 'separator' },
      { label: 'Save', accelerator: key('Save'), click: () => actions.save() },
      { label: 'Save as…', accelerator: key('Save as…'), click: () => actions.saveAs() },
      {
        label: 'Export',
        submenu: [
          { label: 'PNG image of the 3D view…', accelerator: key('Export the 3D view as PNG'), click: () => actions.command('export-png') },
          { label: 'HDF5 (loss-landscape layout)…', click: () => actions.command('export-h5') },
          { label: 'CSV…', click: () => actions.command('export-csv') },
          { label: 'VTK PolyData for ParaView…', click: () => actions.command('export-vtp') },
          { label: 'Reference check (ONNX, PyTorch, data; zip)…', click: () => actions.command('export-reference') },
        ],
      },
      ...(context.isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { label: 'Toggle theme', accelerator: key('Toggle light / dark theme'), click: () => actions.command('toggle-theme') },
      { label: 'Reset camera', accelerator: key('Reset camera'), click: () => actions.command('reset-camera') },
      { type: 'separator' },
      { role: 'reload' },
      ...(context.isDev ? [{ role: 'toggleDevTools' } as const] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Keyboard shortcuts', click: () => actions.shortcuts() },
      ...(context.isMac ? [] : [{ label: 'About Landscape Lab', click: () => actions.about() }]),
    ],
  };
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  return context.isMac ? [{ role: 'appMenu' }, file, edit, view, { role: 'windowMenu' }, help] : [file, edit, view, help];
}
