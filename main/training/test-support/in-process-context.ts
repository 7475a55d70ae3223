import * as tf from '@tensorflow/tfjs';
import type { BackendInfo } from '../../contract/index.js';
import type { TaskContext, TaskEvent } from '../tasks/task-context.js';

/**
 * A TaskContext for running a task inside a test: events collected, cancellable; the real clock, or
 * a `stepping` one that moves 10 ms a reading, so timings (and so whole curves) repeat exactly.
 */
export function inProcessContext(
  backend: BackendInfo,
  controller = new AbortController(),
  clock: 'real' | 'stepping' = 'real',
) {
  let now = 0;
  const events: TaskEvent[] = [];
  const ctx: TaskContext = {
    tf,
    backend,
    emit: (event) => events.push(event),
    signal: controller.signal,
    clock: clock === 'real' ? () => performance.now() : () => (now += 10),
    yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
  };
  return { ctx, events, controller };
}
