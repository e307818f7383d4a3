/**
 * Messages for the user: errors stay until dismissed (they say what went wrong
 * and what to try), information and successes fade after a few seconds.
 */

export type NoticeKind = 'error' | 'info' | 'success';

export interface Notice {
  id: number;
  kind: NoticeKind;
  title: string;
  detail: string | null;
}

const FADE_MS = 6000;

/** Engine messages can carry a stack trace; people need the first sentence, not the frames. */
export function readableError(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  const lines = text.split('\n').filter((line) => !/^\s*at\s/.test(line));
  return lines.join('\n').replace(/^Error:\s*/, '').trim() || 'Unknown error.';
}

export class Notices {
  list = $state<Notice[]>([]);
  /** The last error shown, for the test summary. */
  lastError = $state<string | null>(null);
  #nextId = 1;

  push(kind: NoticeKind, title: string, detail: string | null = null): number {
    const id = this.#nextId++;
    this.list = [...this.list.slice(-4), { id, kind, title, detail }];
    if (kind === 'error') this.lastError = detail ? `${title}: ${detail}` : title;
    else setTimeout(() => this.dismiss(id), FADE_MS);
    return id;
  }

  error(title: string, error: unknown): void {
    this.push('error', title, readableError(error));
  }

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }
}
