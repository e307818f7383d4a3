/**
 * An uncaught error in the renderer (issue 15: a TypeError in one view's
 * effect froze the whole page, with no message and no way out but a
 * reload). Whatever throws — an event handler, a promise nobody awaited, a
 * component while it renders — is caught here and shown in a banner that
 * says what failed and offers a way back: the views are rebuilt and the
 * state is read again from the host.
 */

export interface Fault {
  message: string;
  /** Where it was caught: "a view", "a promise", "the page". */
  where: string;
}

export class FaultStore {
  fault = $state.raw<Fault | null>(null);
  /** Bumped to rebuild every view from scratch. */
  remountKey = $state(0);

  report(error: unknown, where: string): void {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    // The first fault is the cause; later ones are usually its consequences.
    this.fault ??= { message, where };
  }

  /** Clears the fault and rebuilds the views. */
  recover(): void {
    this.fault = null;
    this.remountKey++;
  }

  /** Catches what nothing else did; returns a function that stops listening. */
  listen(target: Window): () => void {
    const onError = (event: ErrorEvent): void => this.report(event.error ?? event.message, 'the page');
    const onRejection = (event: PromiseRejectionEvent): void => this.report(event.reason, 'a background task');
    target.addEventListener('error', onError);
    target.addEventListener('unhandledrejection', onRejection);
    return () => {
      target.removeEventListener('error', onError);
      target.removeEventListener('unhandledrejection', onRejection);
    };
  }
}
