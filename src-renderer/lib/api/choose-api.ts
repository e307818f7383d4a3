/**
 * Picks the host connection once, at start-up: Electron's preload bridge when
 * the page runs inside the desktop app, else a WebSocket to the web host that
 * served the page. Nothing else in the renderer knows which it got.
 */
import type { LabApi, LabBridge } from '../../../src-main/contract/app.ts';
import { createBridgeApi } from './bridge-api.ts';
import { ALWAYS_CONNECTED, type ConnectionMonitor } from './connection.ts';
import { createWsApi, webSocketUrl, type SocketFactory } from './ws-api.ts';

declare global {
  interface Window {
    /** Set by the Electron preload script (contextBridge). */
    labBridge?: LabBridge;
  }
}

export interface HostConnection {
  api: LabApi;
  connection: ConnectionMonitor;
}

const browserSocket: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.open();
  socket.onmessage = (event: MessageEvent) => {
    if (typeof event.data === 'string') handlers.message(event.data);
  };
  socket.onclose = (event: CloseEvent) => handlers.close(event.code, event.reason);
  return socket;
};

export function chooseApi(win: Window = window): HostConnection {
  if (win.labBridge) return { api: createBridgeApi(win.labBridge), connection: ALWAYS_CONNECTED };
  const client = createWsApi({ url: webSocketUrl(win.location), createSocket: browserSocket });
  return { api: client.api, connection: client.connection };
}
