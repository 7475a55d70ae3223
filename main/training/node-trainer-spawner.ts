import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { wasmNodeFlags } from '../tf/wasm-node-flags.js';
import type { TrainerExit, TrainerHandle, TrainerSpawner } from './trainer-handle.js';

export interface NodeTrainerSpawnerOptions {
  /** Where the trainer's stdout and stderr lines go (default: this process's stderr). */
  log?: (line: string) => void;
}

/**
 * The trainer entry beside this file: the built .js, or the .ts source when this file itself
 * runs from source (vitest, tsx), in which case the child needs tsx to load TypeScript.
 */
export function trainerEntry(moduleUrl: string = import.meta.url): { path: string; execArgv: string[] } {
  const here = fileURLToPath(moduleUrl);
  if (here.endsWith('.ts')) {
    return {
      path: join(dirname(here), 'trainer-process.ts'),
      execArgv: ['--import', import.meta.resolve('tsx')],
    };
  }
  return { path: join(dirname(here), 'trainer-process.js'), execArgv: [] };
}

/** Starts the trainer with child_process.fork: browser mode, the CLI and the tests. */
export function createNodeTrainerSpawner(options: NodeTrainerSpawnerOptions = {}): TrainerSpawner {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const entry = trainerEntry();
  return (env) => {
    const child = fork(entry.path, [], {
      env: { ...process.env, ...env },
      // Explicit, so the parent's own flags (an inspector, a test runner's loader) are not inherited.
      execArgv: [...wasmNodeFlags(), ...entry.execArgv],
      // Piped, never inherited: the CLI's --json stdout must carry nothing but its own lines.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Structured clone rather than JSON, so typed arrays (images, weights) cross cheaply.
      serialization: 'advanced',
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (stream)
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
          log(`[trainer] ${line}`),
        );
    }

    let exit: TrainerExit | null = null;
    const exitListeners: Array<(exit: TrainerExit) => void> = [];
    const ended = (code: number | null, signal: string | null) => {
      if (exit) return;
      exit = { code, signal };
      for (const listener of exitListeners.splice(0)) listener(exit);
    };
    child.on('exit', ended);
    child.on('error', (error) => {
      log(`[trainer] ${error.message}`);
      // A process that never started emits 'error' and no 'exit'.
      if (child.pid === undefined) ended(null, null);
    });

    const handle: TrainerHandle = {
      get pid() {
        return child.pid;
      },
      send(message) {
        // A send racing the child's death fails with EPIPE; the exit listener reports the death.
        if (exit || !child.connected) return;
        child.send(message as never, (error) => {
          if (error) log(`[trainer] could not send a message: ${error.message}`);
        });
      },
      onMessage(listener) {
        child.on('message', (message: unknown) => listener(message));
      },
      onExit(listener) {
        if (exit) {
          const known = exit;
          queueMicrotask(() => listener(known));
        } else {
          exitListeners.push(listener);
        }
      },
      kill() {
        if (!exit) child.kill('SIGKILL');
      },
    };
    return handle;
  };
}
