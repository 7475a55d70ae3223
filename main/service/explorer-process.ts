import type { BackendPreference } from '../contract/index.js';
import type { TrainerSpawner } from '../training/trainer-handle.js';
import type { TrainerJobEvent, TrainerTask } from '../training/trainer-protocol.js';
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
  private readonly listeners = new Map<string, (event: TrainerJobEvent) => void>();
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
        const listener = this.listeners.get(jobId);
        if (listener) {
          if (event.type === 'done' || event.type === 'failed' || event.type === 'cancelled') {
            this.listeners.delete(jobId);
          }
          listener(event);
          return;
        }
        const waiting = this.waiting.get(jobId);
        if (!waiting) return;
        if (event.type === 'done') this.settle(jobId, () => waiting.resolve(event.result));
        else if (event.type === 'failed') this.settle(jobId, () => waiting.reject(new Error(event.error)));
        else if (event.type === 'cancelled') {
          this.settle(jobId, () =>
            waiting.reject(new ServiceFailure('conflict', 'Replaced by a newer request.')),
          );
        }
      },
      log: (line) => options.log?.(`${options.name ?? 'explorer'}: ${line}`),
    });
  }

  run(task: TrainerTask, channel?: string): Promise<unknown> {
    this.ensureStarted();
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
   * A job the user sees (an evaluation): every event of it goes to `listener`, the final one last.
   * The caller owns the job id and cancels it with cancel().
   */
  runJob(jobId: string, task: TrainerTask, listener: (event: TrainerJobEvent) => void): void {
    this.ensureStarted();
    this.listeners.set(jobId, listener);
    this.supervisor.run(jobId, task);
  }

  cancel(jobId: string): void {
    this.supervisor.cancel(jobId);
  }

  async stop(): Promise<void> {
    await this.supervisor.stop();
  }

  private ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    this.supervisor.start();
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
