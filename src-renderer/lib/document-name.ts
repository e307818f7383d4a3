/**
 * The one name the title bar and the status bar give the open document
 * (issue 15: the title said the experiment's name while the status bar said
 * "web.lab", the host's working copy the user never named): the file it was
 * saved as or opened from, or "not saved yet".
 */
import { baseName } from './format.ts';

export interface DocumentState {
  /** Where the user saved or opened it; null while only the host's working copy exists. */
  savedPath: string | null;
  dirty: boolean;
}

export function documentName(state: DocumentState): string {
  return state.savedPath ? baseName(state.savedPath) : 'not saved yet';
}

/** "first-session.lab • unsaved changes" */
export function documentStatus(state: DocumentState): string {
  return `${documentName(state)}${state.savedPath && state.dirty ? ' • unsaved changes' : ''}`;
}
