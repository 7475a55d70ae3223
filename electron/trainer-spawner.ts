import { createInterface } from 'node:readline';
import { utilityProcess, type UtilityProcess } from 'electron';
import { wasmNodeFlags } from '../main/tf/wasm-node-flags.js';
import type { TrainerExit, TrainerHandle, TrainerSpawner } from '../main/training/trainer-handle.js';

export interface UtilityTrainerOptions {
  /** The built trainer entry, out/main/training/trainer-process.js. */
  entry: string;
  log?: (line: string) => void;
}

/**
 * Starts the trainer as an Electron utility process: a Node environment outside the main process,
 * so a TensorFlow.js crash or out-of-memory kill takes down the trainer and not the app. The
 * trainer reads its messages from process.parentPort there (child_process.fork elsewhere).
 */
export function createUtilityTrainerSpawner(options: UtilityTrainerOptions): TrainerSpawner {
  const log = options.log ?? (() => undefined);
  return (env) => {
    const child = utilityProcess.fork(options.entry, [], {
      env: { ...process.env, ...env },
      serviceName: 'Ganvas trainer',
      // The same flags as under Node (none on Electron's V8, which has relaxed SIMD on already).
      execArgv: wasmNodeFlags(),
      // Piped rather than inherited: a packaged app on Windows or macOS has no console to inherit.
      stdio: 'pipe',
    });
    forwardLines(child.stdout, (line) => log(`[trainer] ${line}`));
    forwardLines(child.stderr, (line) => log(`[trainer] ${line}`));
    return adaptUtilityProcess(child);
  };
}

/** The parts of UtilityProcess the adapter uses. */
export type UtilityProcessLike = Pick<UtilityProcess, 'pid' | 'postMessage' | 'kill' | 'on'>;

export function adaptUtilityProcess(child: UtilityProcessLike): TrainerHandle {
  let exit: TrainerExit | null = null;
  const exitListeners: Array<(exit: TrainerExit) => void> = [];
  child.on('exit', (code) => {
    if (exit) return;
    // A utility process reports only a code; a signal death shows up in it, not separately.
    exit = { code, signal: null };
    for (const listener of exitListeners.splice(0)) listener(exit);
  });

  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      // After exit the message has nowhere to go; the exit listener already told the supervisor.
      if (!exit) child.postMessage(message);
    },
    onMessage(listener) {
      child.on('message', (message: unknown) => listener(message));
    },
    onExit(listener) {
      if (exit) {
        const ended = exit;
        queueMicrotask(() => listener(ended));
      } else {
        exitListeners.push(listener);
      }
    },
    kill() {
      if (!exit) child.kill();
    },
  };
}

function forwardLines(stream: NodeJS.ReadableStream | null, write: (line: string) => void): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', write);
}
