/**
 * The preload script: exposes `window.labBridge` (the contract's `LabBridge`)
 * to the sandboxed, context-isolated renderer. One named function per
 * request and one subscriber per event, generated from the contract's name
 * lists; `ipcRenderer` itself never crosses into the page. Bundled into one
 * CommonJS file, as a sandboxed preload can only `require('electron')`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { bridgeEventName, bridgeMethodName, EVENT_NAMES, REQUEST_NAMES } from './contract.ts';

type IpcReply = { ok: true; result: unknown } | { ok: false; error: string };

function buildBridge(): Record<string, (arg: never) => unknown> {
  const bridge: Record<string, (arg: never) => unknown> = {};
  for (const name of REQUEST_NAMES) {
    bridge[bridgeMethodName(name)] = async (payload: unknown) => {
      const reply = (await ipcRenderer.invoke(name, payload)) as IpcReply;
      if (!reply.ok) throw new Error(reply.error);
      return reply.result;
    };
  }
  for (const name of EVENT_NAMES) {
    bridge[bridgeEventName(name)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${bridgeEventName(name)} needs a listener function.`);
      // The page sees only the payload, never the IPC event (which carries `sender`).
      const relay = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(name, relay);
      return () => {
        ipcRenderer.removeListener(name, relay);
      };
    };
  }
  return bridge;
}

contextBridge.exposeInMainWorld('labBridge', Object.freeze(buildBridge()));
