import { describe, expect, it } from 'vitest';
import { createActionDeduper, matchShortcut, shortcutLabel, SHORTCUTS, type KeyInput } from '../../src-renderer/lib/shortcuts.ts';

const key = (k: string, extra: Partial<KeyInput> = {}): KeyInput => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, inEditable: false, ...extra });

describe('keyboard shortcuts', () => {
  it('maps Ctrl+S to save and Ctrl+Shift+S to save as', () => {
    expect(matchShortcut(key('s', { ctrlKey: true }), false)).toBe('save');
    expect(matchShortcut(key('S', { ctrlKey: true, shiftKey: true }), false)).toBe('save-as');
  });

  it('uses ⌘ instead of Ctrl on macOS', () => {
    expect(matchShortcut(key('o', { metaKey: true }), true)).toBe('open-snapshot');
    expect(matchShortcut(key('o', { ctrlKey: true }), true)).toBeNull();
  });

  it('single-letter shortcuts work outside fields but never while typing', () => {
    expect(matchShortcut(key('l'), false)).toBe('toggle-log-scale');
    expect(matchShortcut(key('r'), false)).toBe('reset-camera');
    expect(matchShortcut(key('w'), false)).toBe('toggle-wireframe');
    expect(matchShortcut(key('l', { inEditable: true }), false)).toBeNull();
    expect(matchShortcut(key('e', { ctrlKey: true, inEditable: true }), false)).toBe('export-png');
  });

  it('Escape closes a dialog even from a field, and ? opens the help whatever Shift says', () => {
    expect(matchShortcut(key('Escape', { inEditable: true }), false)).toBe('close-dialog');
    expect(matchShortcut(key('?', { shiftKey: true }), false)).toBe('show-shortcuts');
  });

  it('ignores presses with Alt or unrelated keys', () => {
    expect(matchShortcut(key('s', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(matchShortcut(key('q'), false)).toBeNull();
  });

  it('labels shortcuts for the help dialog on each platform', () => {
    const saveAs = SHORTCUTS.find((s) => s.action === 'save-as')!;
    expect(shortcutLabel(saveAs, false)).toBe('Ctrl+Shift+S');
    expect(shortcutLabel(saveAs, true)).toBe('⌘⇧S');
  });

  it('treats a menu command right after the same key press as one action', () => {
    const accept = createActionDeduper(400);
    expect(accept('save', 'key', 1000)).toBe(true);
    expect(accept('save', 'menu', 1100)).toBe(false);
    expect(accept('save', 'menu', 2000)).toBe(true);
    expect(accept('save', 'button', 2010)).toBe(true);
  });
});
