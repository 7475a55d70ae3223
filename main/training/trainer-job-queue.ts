import { ProgressThrottle, type ProgressThrottleOptions } from './progress-throttle.js';
import type { TaskEvent } from './tasks/task-context.js';
import type { TrainerMessage, TrainerTask } from './trainer-protocol.js';

export type ExecuteTask = (
  task: TrainerTask,
  emit: (event: TaskEvent) => void,
  signal: AbortSignal,
) => Promise<unknown>;

export interface TrainerJobQueueOptions {
  execute: ExecuteTask;
  send: (message: TrainerMessage) => void;
  throttle?: ProgressThrottleOptions;
}

interface Running {
  jobId: string;
  controller: AbortController;
  finished: Promise<void>;
}

/**
 * The trainer's side of jobs: runs them one at a time in arrival order (they share one
 * TensorFlow.js engine and its memory), cancels queued ones at once and running ones at their
 * next step, and ends every job with exactly one final event.
 */
export class TrainerJobQueue {
  private readonly queue: Array<{ jobId: string; task: TrainerTask }> = [];
  private running: Running | null = null;
  private started = false;
  private closed = false;

  constructor(private readonly options: TrainerJobQueueOptions) {}

  /** Jobs wait until start(): the backend must be loaded before a task makes a tensor. */
  start(): void {
    this.started = true;
    this.pump();
  }

  run(jobId: string, task: TrainerTask): void {
    if (this.closed) return this.final(jobId, { type: 'failed', error: 'The trainer is shutting down.' });
    if (this.running?.jobId === jobId || this.queue.some((job) => job.jobId === jobId)) {
      return this.log('warn', `Ignored a second request to run job ${jobId}.`);
    }
    this.queue.push({ jobId, task });
    this.pump();
  }

  cancel(jobId: string): void {
    const at = this.queue.findIndex((job) => job.jobId === jobId);
    if (at >= 0) {
      this.queue.splice(at, 1);
      this.final(jobId, { type: 'cancelled' });
    } else if (this.running?.jobId === jobId) {
      this.running.controller.abort();
    }
  }

  /** Cancels everything and resolves once the running job (if any) has stopped. */
  async shutdown(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.final(job.jobId, { type: 'cancelled' });
    const running = this.running;
    if (!running) return;
    running.controller.abort();
    await running.finished;
  }

  private pump(): void {
    if (!this.started || this.running) return;
    const next = this.queue.shift();
    if (!next) return;
    const controller = new AbortController();
    const finished = this.execute(next.jobId, next.task, controller).finally(() => {
      this.running = null;
      this.pump();
    });
    this.running = { jobId: next.jobId, controller, finished };
  }

  private async execute(jobId: string, task: TrainerTask, controller: AbortController): Promise<void> {
    const throttle = new ProgressThrottle(
      (event) => this.options.send({ type: 'job', jobId, event }),
      this.options.throttle,
    );
    try {
      const result = await this.options.execute(task, (event) => throttle.push(event), controller.signal);
      throttle.push({ type: 'done', result });
    } catch (error) {
      if (controller.signal.aborted) throttle.push({ type: 'cancelled' });
      else throttle.push({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }

  private final(jobId: string, event: { type: 'cancelled' } | { type: 'failed'; error: string }): void {
    this.options.send({ type: 'job', jobId, event });
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.options.send({ type: 'log', level, message });
  }
}
