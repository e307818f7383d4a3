/**
 * What the app service says to its hosts: contract events as single values,
 * and the request-and-event interface a host (Electron IPC, the web host)
 * drives. Kept apart from app-service.ts so the job tracker can emit events
 * without importing the service that owns it.
 */
import type { EventMap, EventName } from '../contract.ts';

/** A contract event as one value: what hosts forward to their renderers. */
export type AppEvent = { [E in EventName]: { name: E; payload: EventMap[E] } }[EventName];
export type AppEventListener = (event: AppEvent) => void;

/** What a host needs of the service: answer a request by name, and hear events. */
export interface AppRequestHandler {
  /** Validates and answers one request; rejects with a readable Error. */
  handle(name: string, payload: unknown): Promise<unknown>;
  onEvent(listener: AppEventListener): () => void;
}
