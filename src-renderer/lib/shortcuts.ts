/**
 * Keyboard shortcuts: key → action, as data, so the help dialog and the
 * handler never disagree. Single-letter shortcuts are ignored while the user
 * types in a field; Ctrl (⌘ on macOS) ones work everywhere.
 */
import type { MenuCommand } from '../../src-main/contract/app.ts';

/** Everything a button, a menu command or a key can ask the app to do. */
export type AppAction =
  | MenuCommand
  | 'toggle-log-scale'
  | 'toggle-wireframe'
  | 'show-shortcuts'
  | 'close-dialog';

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** The focus is in a text field, select or editable element. */
  inEditable: boolean;
}

export interface Shortcut {
  action: AppAction;
  /** Ctrl on Linux/Windows, ⌘ on macOS. */
  mod: boolean;
  shift: boolean;
  /** KeyboardEvent.key, lower-cased for letters. */
  key: string;
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'new-experiment', mod: true, shift: false, key: 'n', description: 'New experiment' },
  { action: 'open-snapshot', mod: true, shift: false, key: 'o', description: 'Open a snapshot' },
  { action: 'save', mod: true, shift: false, key: 's', description: 'Save the snapshot' },
  { action: 'save-as', mod: true, shift: true, key: 's', description: 'Save the snapshot as…' },
  { action: 'export-png', mod: true, shift: false, key: 'e', description: 'Export the highlighted 3D view as PNG' },
  { action: 'reset-camera', mod: false, shift: false, key: 'r', description: 'Reset the 3D camera' },
  { action: 'toggle-log-scale', mod: false, shift: false, key: 'l', description: 'Log / linear scale' },
  { action: 'toggle-wireframe', mod: false, shift: false, key: 'w', description: 'Wireframe on / off' },
  { action: 'show-shortcuts', mod: false, shift: false, key: '?', description: 'Show these shortcuts' },
  { action: 'close-dialog', mod: false, shift: false, key: 'escape', description: 'Close a dialog' },
];

/** The action a key press asks for, or null. `isMac` chooses ⌘ over Ctrl as the modifier. */
export function matchShortcut(input: KeyInput, isMac: boolean): AppAction | null {
  const key = input.key.toLowerCase();
  const mod = isMac ? input.metaKey : input.ctrlKey;
  const otherMod = isMac ? input.ctrlKey : input.metaKey;
  if (input.altKey || otherMod) return null;
  for (const s of SHORTCUTS) {
    if (s.key !== key || s.mod !== mod) continue;
    // '?' is typed with Shift on most layouts; its shift state is the layout's business.
    if (s.key !== '?' && s.shift !== input.shiftKey) continue;
    if (!s.mod && input.inEditable && s.key !== 'escape') return null;
    return s.action;
  }
  return null;
}

/** "Ctrl+Shift+S" / "⌘⇧S" for the help dialog. */
export function shortcutLabel(s: Shortcut, isMac: boolean): string {
  const key = s.key === 'escape' ? 'Esc' : s.key.toUpperCase();
  if (isMac) return `${s.mod ? '⌘' : ''}${s.shift ? '⇧' : ''}${key}`;
  return [s.mod ? 'Ctrl' : null, s.shift ? 'Shift' : null, key].filter(Boolean).join('+');
}

/**
 * Electron's menu accelerators and the page's key handler can both see one key
 * press; an action from a second source within `windowMs` is the same press.
 */
export function createActionDeduper(windowMs = 400): (action: AppAction, source: 'key' | 'menu' | 'button', now: number) => boolean {
  let last: { action: AppAction; source: string; at: number } | null = null;
  return (action, source, now) => {
    const duplicate = last !== null && last.action === action && last.source !== source && source !== 'button' && now - last.at < windowMs;
    last = { action, source, at: now };
    return !duplicate;
  };
}
