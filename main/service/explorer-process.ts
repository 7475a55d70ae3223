import type { BackendPreference } from '../contract/index.js';
import type { TrainerSpawner } from '../training/trainer-handle.js';
import { isFinalJobEvent, type TrainerJobEvent, type TrainerTask } from '../training/trainer-protocol.js';
import { TrainerSupervisor } from '../training/trainer-supervisor.js';
import { ServiceFailure } from './service-error.js';

interface Waiting {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  channel: string | undefined;
}

/**
 * A second trainer process for the explorer, started on first use, so drawing images never waits
 * behind a training run (the trainer runs one job at a time) and a training step never waits for
 * the explorer. Requests are not jobs the user sees; each resolves with its result. A request on a
 * channel replaces the one still waiting on that channel: latest input wins.
 */
export class ExplorerProcess {
  private readonly supervisor: TrainerSupervisor;
  private readonly waiting = new Map<string, Waiting>();
  private readonly byChannel = new Map<string, string>();
  /** Jobs the user sees (exports): every event goes to their listener. */
  private readonly jobs = new Map<string, (event: TrainerJobEvent) => void>();
  private counter = 0;
  private started = false;

  constructor(options: {
    spawn: TrainerSpawner;
    preference: () => BackendPreference;
    log?: (line: string) => void;
    /** How its log lines are labelled. */
    name?: string;
  }) {
    this.supervisor = new TrainerSupervisor({
      spawn: options.spawn,
      preference: options.preference,
      onStatus: () => undefined,
      onBackend: () => undefined,
      onJobEvent: (jobId, event) => {
        const listener = this.jobs.get(jobId);
        if (listener) {
          if (isFinalJobEvent(event)) this.jobs.delete(jobId);
          listener(event);
          return;
        }
        const waiting = this.waiting.get(jobId);
        if (!waiting) return;
        if (event.type === 'done') this.settle(jobId, () => waiting.resolve(event.result));
        else if (event.type === 'failed') {
          // A task's own failure is said for the user ("no checkpoint yet", "not an image file"); a
          // process that died under it is Ganvas's fault.
          const error = event.crashed
            ? new Error(event.error)
            : new ServiceFailure('invalid-args', event.error);
          this.settle(jobId, () => waiting.reject(error));
        } else if (event.type === 'cancelled') {
          this.settle(jobId, () =>
            waiting.reject(new ServiceFailure('conflict', 'Replaced by a newer request.')),
          );
        }
      },
      log: (line) => options.log?.(`${options.name ?? 'explorer'}: ${line}`),
    });
  }

  run(task: TrainerTask, channel?: string): Promise<unknown> {
    if (!this.started) {
      this.started = true;
      this.supervisor.start();
    }
    const jobId = `explore-${++this.counter}`;
    if (channel !== undefined) {
      const older = this.byChannel.get(channel);
      if (older) this.supervisor.cancel(older);
      this.byChannel.set(channel, jobId);
    }
    return new Promise((resolve, reject) => {
      this.waiting.set(jobId, { resolve, reject, channel });
      this.supervisor.run(jobId, task);
    });
  }

  /**
   * Runs a job the user follows (an export) here rather than in the training process, so it never
   * waits behind a training run; explorer requests wait behind it instead, for its few seconds.
   */
  runJob(jobId: string, task: TrainerTask, onEvent: (event: TrainerJobEvent) => void): void {
    if (!this.started) {
      this.started = true;
      this.supervisor.start();
    }
    this.jobs.set(jobId, onEvent);
    this.supervisor.run(jobId, task);
  }

  cancel(jobId: string): void {
    this.supervisor.cancel(jobId);
  }

  async stop(): Promise<void> {
    await this.supervisor.stop();
  }

  private settle(jobId: string, finish: () => void): void {
    const waiting = this.waiting.get(jobId);
    this.waiting.delete(jobId);
    if (waiting?.channel !== undefined && this.byChannel.get(waiting.channel) === jobId) {
      this.byChannel.delete(waiting.channel);
    }
    finish();
  }
}
