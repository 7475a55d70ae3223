/**
 * The trainer's line to the service, whichever way it was started. Electron's utilityProcess
 * gives the child `process.parentPort` (messages arrive wrapped as `{ data }`); Node's
 * child_process.fork gives it `process.send` and 'message' events. Detected by feature, so this
 * file never imports 'electron' and runs in plain Node.
 */
export interface ParentChannel {
  readonly kind: 'electron-utility' | 'node-fork';
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called when the parent is gone, so the trainer does not outlive the app. */
  onDisconnect(listener: () => void): void;
  /** Resolves once every message sent so far has left this process. */
  flush(): Promise<void>;
}

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToParent(proc: NodeJS.Process = process): ParentChannel | null {
  const port = (proc as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (port) {
    return {
      kind: 'electron-utility',
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
      // Electron ends a utility process with its parent.
      onDisconnect: () => undefined,
      flush: () => new Promise((resolve) => setImmediate(resolve)),
    };
  }
  if (typeof proc.send === 'function') {
    let inFlight: Promise<unknown> = Promise.resolve();
    return {
      kind: 'node-fork',
      send(message) {
        if (!proc.connected) return;
        const sent = new Promise<void>((resolve) => {
          // An error here means the parent went away; the 'disconnect' handler takes it from there.
          proc.send?.(message, undefined, {}, () => resolve());
        });
        inFlight = Promise.all([inFlight, sent]);
      },
      onMessage: (listener) => proc.on('message', (message: unknown) => listener(message)),
      onDisconnect: (listener) => proc.on('disconnect', listener),
      flush: () => inFlight.then(() => undefined),
    };
  }
  return null;
}
