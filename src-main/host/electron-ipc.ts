/**
 * The Electron side of the contract: one `ipcMain.handle` per request
 * (channel = request name), each accepting only messages from the app's own
 * top-level page and validating the payload against the contract's schema
 * before the service sees it. Replies are envelopes, so the renderer gets the
 * error's message rather than Electron's wrapped remote-error text.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { REQUEST_NAMES, type RequestName } from '../contract.ts';
import type { AppEvent, AppRequestHandler } from './app-events.ts';
import { parseRequest } from './request-validation.ts';

export type IpcReply = { ok: true; result: unknown } | { ok: false; error: string };

/** Whether a message comes from the app's page in its top frame. */
export type SenderCheck = (frame: WebFrameMain | null) => boolean;

export function senderCheckFor(isAppUrl: (url: string) => boolean): SenderCheck {
  return (frame) => frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/** Answers one request: sender check, schema check, then the service. */
export async function answerIpc(service: AppRequestHandler, isTrusted: SenderCheck, name: RequestName, event: IpcMainInvokeEvent, payload: unknown): Promise<IpcReply> {
  if (!isTrusted(event.senderFrame)) return { ok: false, error: 'Refused: the request did not come from the app window.' };
  try {
    parseRequest(name, payload);
    return { ok: true, result: await service.handle(name, payload) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Registers every request's handler; returns a function that removes them. */
export function registerIpcHandlers(service: AppRequestHandler, isTrusted: SenderCheck): () => void {
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(name, (event, payload: unknown) => answerIpc(service, isTrusted, name, event, payload));
  }
  return () => REQUEST_NAMES.forEach((name) => ipcMain.removeHandler(name));
}

/** Sends every service event to the window (channel = event name) while it exists. */
export function forwardEvents(service: AppRequestHandler, window: () => BrowserWindow | null): () => void {
  return service.onEvent((event: AppEvent) => {
    const target = window();
    if (target && !target.isDestroyed()) target.webContents.send(event.name, event.payload);
  });
}
