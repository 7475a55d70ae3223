import type { CallOutcome } from '$contract';
import type { ConnectionState, Transport } from './transport.js';

/** What electron/preload.cts exposes as `window.ganvas`: nothing but these functions. */
export interface GanvasBridge {
  invoke(call: string, args: unknown): Promise<CallOutcome<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** The path on disk of a dropped File (Electron's webUtils.getPathForFile); '' when it has none. */
  pathForFile?(file: File): string;
}

export function findBridge(scope: object): GanvasBridge | undefined {
  const candidate = (scope as { ganvas?: unknown }).ganvas;
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const bridge = candidate as Partial<GanvasBridge>;
  return typeof bridge.invoke === 'function' && typeof bridge.on === 'function'
    ? (bridge as GanvasBridge)
    : undefined;
}

const alwaysConnected: ConnectionState = { status: 'connected', attempt: 0, retryInMs: null };

/** IPC cannot drop while the window lives, so this transport is always connected. */
export class ElectronTransport implements Transport {
  readonly kind = 'electron';

  constructor(private readonly bridge: GanvasBridge) {}

  invoke(call: string, args: unknown): Promise<CallOutcome<unknown>> {
    return this.bridge.invoke(call, args);
  }

  onEvent(event: string, listener: (payload: unknown) => void): () => void {
    return this.bridge.on(event, listener);
  }

  onConnectionChange(): () => void {
    return () => {};
  }

  connection(): ConnectionState {
    return alwaysConnected;
  }
}
