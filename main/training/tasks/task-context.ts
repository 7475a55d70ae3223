import type * as tfjs from '@tensorflow/tfjs';
import type { BackendInfo } from '../../contract/index.js';
import type { TrainerJobEvent } from '../trainer-protocol.js';

/** What a running task may report before it ends; its result or error ends it. */
export type TaskEvent = Extract<
  TrainerJobEvent,
  { type: 'progress' | 'warning' | 'metrics' | 'sample' | 'checkpoint' | 'health' }
>;

/**
 * Everything a task touches, injected: the tests run tasks in-process on tiny sizes, the trainer
 * runs them for real. Tasks report as often as they like; the trainer throttles what it sends.
 */
export interface TaskContext {
  tf: typeof tfjs;
  backend: BackendInfo;
  emit: (event: TaskEvent) => void;
  /** Aborted when the user cancels; tasks check it between steps. */
  signal: AbortSignal;
  /** Milliseconds, monotonic. */
  clock: () => number;
  /**
   * Lets the event loop run (and so a cancel message arrive). Every tfjs kernel is synchronous,
   * so a task that never awaits this never hears anything until it ends.
   */
  yieldToEventLoop: () => Promise<void>;
}

export function yieldWithSetImmediate(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
