import { parseCall, type CallOutcome, type ServiceError } from '../main/contract/index.js';
import type { Studio } from '../main/studio.js';
import { isAppUrl } from './app-origin.js';
import {
  callChannel,
  eventChannel,
  pickPathsChannel,
  pickSavePathChannel,
  type EventMessage,
  type PickPathsRequest,
  type PickSavePathRequest,
} from './ipc-channels.js';
import { isTrustedSender, type SenderFrame } from './ipc-guard.js';

/** The part of Electron's IpcMain this file uses; main.ts passes the real one, tests a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...params: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface InvokeEventLike {
  readonly senderFrame: SenderFrame | null;
}

/** A window's webContents, as far as pushing events to it goes. */
export interface EventRecipient {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, message: EventMessage): void;
}

export interface StudioIpcOptions {
  ipcMain: IpcMainLike;
  studio: Pick<Studio, 'call' | 'onEvent'>;
  appOrigin: string;
  recipients: () => readonly EventRecipient[];
  /** Shows the system's open dialog; resolves with the chosen paths, [] when the user cancels. */
  pickPaths?: (request: PickPathsRequest) => Promise<string[]>;
  /** Shows the system's save dialog (for exports); resolves with the chosen path, null when cancelled. */
  pickSavePath?: (request: PickSavePathRequest) => Promise<string | null>;
  log?: (line: string) => void;
}

/**
 * Connects the studio to the windows: one invoke channel for calls, one push channel for events.
 * Every call is checked twice before the studio runs it: who sent it (the app's own top-level
 * frame only) and what it says (the contract's schema). Replies are always a CallOutcome, never a
 * thrown error, so the renderer sees the same shape as over the browser-mode WebSocket.
 * Returns a function that disconnects both channels.
 */
export function connectStudioIpc(options: StudioIpcOptions): () => void {
  const { ipcMain, studio, appOrigin } = options;
  const log = options.log ?? (() => undefined);

  ipcMain.handle(callChannel, async (event, ...params): Promise<CallOutcome<unknown>> => {
    try {
      if (!isTrustedSender(event.senderFrame, appOrigin)) {
        log(`refused a call from an untrusted frame (${event.senderFrame?.url ?? 'gone'})`);
        return failure('forbidden', 'Only the Ganvas window may call the studio.');
      }
      if (params.length > 2) {
        return failure('invalid-args', 'A call carries a name and one arguments object, nothing more.');
      }
      const [call, args] = params;
      const parsed = parseCall(call, args);
      if (!parsed.ok) return parsed;
      // The raw args go on: the studio parses them again itself, and parsing its own output
      // a second time would not be safe once a schema transforms values.
      return await studio.call(parsed.call, args);
    } catch (error) {
      log(`a call failed unexpectedly: ${(error as Error).stack ?? String(error)}`);
      return failure('internal', 'The studio failed to answer this call.');
    }
  });

  const { pickPaths } = options;
  if (pickPaths) {
    ipcMain.handle(pickPathsChannel, async (event, ...params): Promise<CallOutcome<string[]>> => {
      if (!isTrustedSender(event.senderFrame, appOrigin)) {
        log(`refused a dialog request from an untrusted frame (${event.senderFrame?.url ?? 'gone'})`);
        return failure('forbidden', 'Only the Ganvas window may open a file dialog.');
      }
      const request = params.length === 1 ? pickRequest(params[0]) : null;
      if (!request) {
        return failure('invalid-args', 'A dialog request is { directories: boolean, multiple: boolean }.');
      }
      try {
        return { ok: true, value: await pickPaths(request) };
      } catch (error) {
        log(`the open dialog failed: ${(error as Error).message}`);
        return failure(
          'internal',
          'The open dialog could not be shown. Try again, or drop the files instead.',
        );
      }
    });
  }

  const { pickSavePath } = options;
  if (pickSavePath) {
    ipcMain.handle(pickSavePathChannel, async (event, ...params): Promise<CallOutcome<string | null>> => {
      if (!isTrustedSender(event.senderFrame, appOrigin)) {
        log(`refused a save dialog request from an untrusted frame (${event.senderFrame?.url ?? 'gone'})`);
        return failure('forbidden', 'Only the Ganvas window may open a file dialog.');
      }
      const request = params.length === 1 ? saveRequest(params[0]) : null;
      if (!request) {
        return failure('invalid-args', 'A save dialog request is { defaultName: a file name }.');
      }
      try {
        return { ok: true, value: await pickSavePath(request) };
      } catch (error) {
        log(`the save dialog failed: ${(error as Error).message}`);
        return failure(
          'internal',
          'The save dialog could not be shown. Try again, or export into the project.',
        );
      }
    });
  }

  const unsubscribe = studio.onEvent((event, payload) => {
    for (const recipient of options.recipients()) {
      if (recipient.isDestroyed() || !isAppUrl(recipient.getURL(), appOrigin)) continue;
      try {
        recipient.send(eventChannel, { event, payload });
      } catch (error) {
        log(`could not deliver ${event} to a window: ${(error as Error).message}`);
      }
    }
  });

  return () => {
    ipcMain.removeHandler(callChannel);
    if (pickPaths) ipcMain.removeHandler(pickPathsChannel);
    if (pickSavePath) ipcMain.removeHandler(pickSavePathChannel);
    unsubscribe();
  };
}

function pickRequest(value: unknown): PickPathsRequest | null {
  if (typeof value !== 'object' || value === null) return null;
  const { directories, multiple, ...rest } = value as Record<string, unknown>;
  if (typeof directories !== 'boolean' || typeof multiple !== 'boolean') return null;
  return Object.keys(rest).length === 0 ? { directories, multiple } : null;
}

/** A plain file name (no folder, no control characters): the dialog opens where the user last was. */
function saveRequest(value: unknown): PickSavePathRequest | null {
  if (typeof value !== 'object' || value === null) return null;
  const { defaultName, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof defaultName !== 'string') return null;
  const control = [...defaultName].some((char) => char.charCodeAt(0) < 0x20);
  if (defaultName.length > 255 || control || /[/\\]/.test(defaultName) || /^\.+$/.test(defaultName))
    return null;
  return { defaultName };
}

function failure(code: ServiceError['code'], message: string): CallOutcome<never> {
  return { ok: false, error: { code, message } };
}
