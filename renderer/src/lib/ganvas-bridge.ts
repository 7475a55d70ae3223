import type { CallOutcome } from '$contract';
import { ServiceCallError } from './service-call-error.js';
import type { ConnectionState, Transport } from './transport.js';

/** What electron/preload.cts exposes as `window.ganvas`: nothing but these functions. */
export interface GanvasBridge {
  invoke(call: string, args: unknown): Promise<CallOutcome<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** The path on disk of a dropped File (Electron's webUtils.getPathForFile); '' when it has none. */
  pathForFile?(file: File): string;
  /** The system's open dialog: a CallOutcome with the chosen paths ([] when cancelled). */
  pickPaths?(options: PickPathsOptions): Promise<CallOutcome<unknown>>;
  /** The system's save dialog: a CallOutcome with the chosen path (null when cancelled). */
  pickSavePath?(options: { defaultName: string }): Promise<CallOutcome<unknown>>;
}

export interface PickPathsOptions {
  directories: boolean;
  multiple: boolean;
}

/** What Electron adds for files: paths of dropped files, and a native open dialog. */
export interface DesktopFiles {
  pathForFile(file: File): string;
  pickPaths(options: PickPathsOptions): Promise<string[]>;
  /** Where to save an export (the system's save dialog); null when cancelled. Absent in older preloads. */
  pickSavePath?(defaultName: string): Promise<string | null>;
}

/** The desktop file functions when running in Electron; null in browser mode (files are uploaded there). */
export function desktopFiles(bridge: GanvasBridge | undefined): DesktopFiles | null {
  const { pathForFile, pickPaths, pickSavePath } = bridge ?? {};
  if (!bridge || !pathForFile || !pickPaths) return null;
  return {
    ...(pickSavePath
      ? {
          async pickSavePath(defaultName: string) {
            const outcome = await pickSavePath.call(bridge, { defaultName });
            if (!outcome.ok) throw new ServiceCallError('dialog', outcome.error.code, outcome.error.message);
            return typeof outcome.value === 'string' ? outcome.value : null;
          },
        }
      : {}),
    pathForFile: (file) => pathForFile.call(bridge, file),
    async pickPaths(options) {
      const outcome = await pickPaths.call(bridge, options);
      if (!outcome.ok) throw new ServiceCallError('dialog', outcome.error.code, outcome.error.message);
      const paths = outcome.value;
      return Array.isArray(paths) ? paths.filter((path): path is string => typeof path === 'string') : [];
    },
  };
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
