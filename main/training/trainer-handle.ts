/**
 * A running trainer process as the supervisor sees it, whatever started it:
 * Electron's utilityProcess (electron/trainer-spawner.ts) or Node's child_process.fork
 * (main/training/node-trainer-spawner.ts). Messages are structured-clone values; the
 * supervisor validates every one with the trainer protocol's schemas.
 */
export interface TrainerHandle {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process is gone, however it ended. */
  onExit(listener: (exit: TrainerExit) => void): void;
  kill(): void;
}

export interface TrainerExit {
  code: number | null;
  signal: string | null;
}

/** Starts a new trainer process with extra environment variables. */
export type TrainerSpawner = (env: Record<string, string>) => TrainerHandle;
