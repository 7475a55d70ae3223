// Compiled to CommonJS (preload.cjs): a sandboxed preload can only require 'electron', so the
// channel names are repeated here (ipc-channels.ts holds them for the main process). TypeScript
// allows no ESM import syntax in a CommonJS file under verbatimModuleSyntax, hence require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');

const callChannel = 'ganvas:call';
const eventChannel = 'ganvas:event';
const pickPathsChannel = 'ganvas:pick-paths';
const pickSavePathChannel = 'ganvas:pick-save-path';

type PayloadListener = (payload: unknown) => void;

function isEventMessage(message: unknown): message is { event: string; payload: unknown } {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { event?: unknown }).event === 'string'
  );
}

// The page gets exactly these functions; ipcRenderer itself and the IPC event objects (which
// carry a reference back to it) never cross the bridge.
electron.contextBridge.exposeInMainWorld('ganvas', {
  invoke(call: string, args: unknown): Promise<unknown> {
    return electron.ipcRenderer.invoke(callChannel, call, args);
  },
  on(event: string, listener: PayloadListener): () => void {
    const forward = (_ipcEvent: unknown, message: unknown): void => {
      if (isEventMessage(message) && message.event === event) listener(message.payload);
    };
    electron.ipcRenderer.on(eventChannel, forward);
    return () => {
      electron.ipcRenderer.removeListener(eventChannel, forward);
    };
  },
  // Dropped files' paths, so imports read them in place; the page never sees other paths.
  pathForFile(file: File): string {
    return electron.webUtils.getPathForFile(file);
  },
  // The system's open dialog; only these two flags cross, never a path chosen by the page.
  pickPaths(options: { directories?: unknown; multiple?: unknown }): Promise<unknown> {
    return electron.ipcRenderer.invoke(pickPathsChannel, {
      directories: options?.directories === true,
      multiple: options?.multiple === true,
    });
  },
  // The system's save dialog for an export; only a suggested file name crosses.
  pickSavePath(options: { defaultName?: unknown }): Promise<unknown> {
    return electron.ipcRenderer.invoke(pickSavePathChannel, {
      defaultName: typeof options?.defaultName === 'string' ? options.defaultName : 'export',
    });
  },
});
