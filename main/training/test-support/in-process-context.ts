import * as tf from '@tensorflow/tfjs';
import type { BackendInfo } from '../../contract/index.js';
import type { TaskContext, TaskEvent } from '../tasks/task-context.js';

/** A TaskContext for running a task inside a test: real clock, events collected, cancellable. */
export function inProcessContext(backend: BackendInfo, controller = new AbortController()) {
  const events: TaskEvent[] = [];
  const ctx: TaskContext = {
    tf,
    backend,
    emit: (event) => events.push(event),
    signal: controller.signal,
    clock: () => performance.now(),
    yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
  };
  return { ctx, events, controller };
}
