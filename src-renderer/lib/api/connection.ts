/**
 * Whether the page can reach its host. The bridge is always connected; the
 * WebSocket client reports drops and reconnection attempts, and the status
 * bar shows them, so a dead connection is never silent.
 */

export type ConnectionState =
  | { status: 'connecting'; attempt: number }
  | { status: 'open' }
  /** Lost; the next attempt is due at `retryAt` (epoch ms). */
  | { status: 'closed'; retryAt: number; attempt: number; reason: string };

export interface ConnectionMonitor {
  readonly state: ConnectionState;
  /** Calls `listener` on every change (not with the current state). */
  subscribe(listener: (state: ConnectionState) => void): () => void;
  /** Tries to reconnect now instead of waiting for the backoff. */
  retryNow(): void;
}

/** The monitor of a host that cannot disconnect (Electron's bridge). */
export const ALWAYS_CONNECTED: ConnectionMonitor = {
  state: { status: 'open' },
  subscribe: () => () => {},
  retryNow: () => {},
};
