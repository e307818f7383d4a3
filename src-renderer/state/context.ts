/**
 * The stores, shared with every component through Svelte context (set once
 * by App), so components never import a host connection themselves.
 */
import { getContext, setContext } from 'svelte';
import type { Actions } from './actions.ts';
import type { LabStore } from './lab.svelte.ts';
import type { SetupStore } from './setup.svelte.ts';
import type { UiStore } from './ui.svelte.ts';

export interface AppContext {
  lab: LabStore;
  ui: UiStore;
  setup: SetupStore;
  actions: Actions;
}

const KEY = Symbol('landscape-lab');

export function provideApp(context: AppContext): void {
  setContext(KEY, context);
}

export function useApp(): AppContext {
  const context = getContext<AppContext | undefined>(KEY);
  if (!context) throw new Error('useApp() outside the App component tree.');
  return context;
}
