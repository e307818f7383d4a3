/**
 * LabApi over Electron's preload bridge (`window.labBridge`): one named
 * function per request and one subscriber per event, as the contract's
 * `LabBridge` type declares. The names are derived here the same way the
 * preload derives them (kebab-case → camelCase; events get `on` + PascalCase).
 */
import type { EventMap, EventName, LabApi, LabBridge, RequestName, RequestPayload, ResponseMap } from '../../../src-main/contract/app.ts';

const camel = (name: string): string => name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** `start-training` → `startTraining` */
export function bridgeMethodName(request: string): string {
  return camel(request);
}

/** `job-progress` → `onJobProgress` */
export function bridgeEventName(event: string): string {
  const name = camel(event);
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

type AnyRequest = (payload: unknown) => Promise<unknown>;
type AnySubscribe = (listener: (payload: unknown) => void) => () => void;

export function createBridgeApi(bridge: LabBridge): LabApi {
  const methods = bridge as unknown as Record<string, AnyRequest | AnySubscribe | undefined>;
  return {
    host: 'electron',
    request<N extends RequestName>(name: N, payload: RequestPayload<N>): Promise<ResponseMap[N]> {
      const method = methods[bridgeMethodName(name)] as AnyRequest | undefined;
      if (typeof method !== 'function') return Promise.reject(new Error(`The desktop host does not offer "${name}".`));
      return method(payload) as Promise<ResponseMap[N]>;
    },
    on<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void {
      const subscribe = methods[bridgeEventName(name)] as AnySubscribe | undefined;
      if (typeof subscribe !== 'function') return () => {};
      return subscribe(listener as (payload: unknown) => void);
    },
  };
}
