import type { BackendInfo, BackendPreference, TrainerStatus } from '../contract/index.js';
import type { TrainerExit, TrainerHandle, TrainerSpawner } from './trainer-handle.js';
import {
  isFinalJobEvent,
  parseTrainerMessage,
  type ParentMessage,
  type TrainerJobEvent,
  type TrainerMessage,
  type TrainerTask,
} from './trainer-protocol.js';

export interface TrainerSupervisorOptions {
  spawn: TrainerSpawner;
  /** Read at every start, so a new setting takes effect at the next (re)start. */
  preference: () => BackendPreference;
  onStatus: (status: TrainerStatus) => void;
  onJobEvent: (jobId: string, event: TrainerJobEvent) => void;
  onBackend: (backend: BackendInfo) => void;
  log?: (line: string) => void;
  /** A trainer that has not said 'ready' by then is killed and counts as a crash. */
  startTimeoutMs?: number;
  /** How long stop() and restart() wait for a clean exit before killing the process. */
  stopTimeoutMs?: number;
  /** The wait before each automatic restart, by how many crashes fell within crashWindowMs. */
  restartDelaysMs?: number[];
  crashWindowMs?: number;
}

interface Trainer {
  handle: TrainerHandle;
  ready: boolean;
  /** Set when we asked it to go: its exit is not a crash. */
  leaving: boolean;
  /** What the trainer said before dying, or why we killed it; the best explanation of its exit. */
  lastWords: string | null;
  startTimer: NodeJS.Timeout;
}

interface Job {
  task: TrainerTask;
  sent: boolean;
}

interface ReadyWaiter {
  resolve: (backend: BackendInfo) => void;
  reject: (error: Error) => void;
}

type Lifecycle = 'stopped' | 'starting' | 'up' | 'crashed';

const afterCrash = 'Your last checkpoint is safe; start the job again.';

/**
 * Keeps one trainer process alive for the service and routes jobs to it. When the trainer dies
 * unexpectedly, every job it had is marked failed with a reason a user can act on, and a new
 * trainer is started right away (so the backend stays known and the next job starts without
 * waiting for TensorFlow.js to load). Repeated crashes back off, and after a few within a minute
 * it stops restarting on its own and says so; the next job or an explicit restart tries again.
 */
export class TrainerSupervisor {
  private readonly startTimeoutMs: number;
  private readonly stopTimeoutMs: number;
  private readonly restartDelaysMs: number[];
  private readonly crashWindowMs: number;
  private readonly log: (line: string) => void;

  private lifecycle: Lifecycle = 'stopped';
  private trainer: Trainer | null = null;
  private readonly jobs = new Map<string, Job>();
  private readonly readyWaiters = new Set<ReadyWaiter>();
  private backendInfo: BackendInfo | null = null;
  private lastError: string | null = null;
  private started = 0;
  private crashTimes: number[] = [];
  private restartTimer: NodeJS.Timeout | null = null;
  private gaveUp = false;
  private lastStatus = '';

  constructor(private readonly options: TrainerSupervisorOptions) {
    this.startTimeoutMs = options.startTimeoutMs ?? 120_000;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
    this.restartDelaysMs = options.restartDelaysMs ?? [0, 1_000, 5_000];
    this.crashWindowMs = options.crashWindowMs ?? 60_000;
    this.log = options.log ?? (() => undefined);
  }

  start(): void {
    if (this.trainer || this.restartTimer) return;
    this.spawnTrainer();
  }

  status(): TrainerStatus {
    const state = this.lifecycle === 'up' ? (this.jobs.size > 0 ? 'busy' : 'ready') : this.lifecycle;
    return {
      state,
      pid: this.trainer?.handle.pid ?? null,
      lastError: this.lastError,
      restarts: Math.max(0, this.started - 1),
    };
  }

  /** The backend of the current trainer, or of the last one while a new one starts. */
  backend(): BackendInfo | null {
    return this.backendInfo;
  }

  whenReady(timeoutMs = this.startTimeoutMs): Promise<BackendInfo> {
    if (this.backendInfo && this.lifecycle === 'up') return Promise.resolve(this.backendInfo);
    if (this.lifecycle === 'stopped' && !this.trainer)
      return Promise.reject(new Error('The trainer is not running.'));
    if (this.gaveUp) return Promise.reject(new Error(this.lastError ?? 'The trainer could not start.'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.readyWaiters.delete(waiter);
        reject(new Error(`The trainer did not become ready within ${seconds(timeoutMs)}.`));
      }, timeoutMs);
      const waiter: ReadyWaiter = {
        resolve: (backend) => {
          clearTimeout(timer);
          resolve(backend);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.readyWaiters.add(waiter);
    });
  }

  run(jobId: string, task: TrainerTask): void {
    if (this.lifecycle === 'stopped') {
      this.options.onJobEvent(jobId, {
        type: 'failed',
        error: 'The trainer is not running (Ganvas is shutting down).',
      });
      return;
    }
    if (this.jobs.has(jobId)) return this.log(`Ignored a second run of job ${jobId}.`);
    const job: Job = { task, sent: false };
    this.jobs.set(jobId, job);
    if (this.accepting()) this.send(job, jobId);
    // After giving up on automatic restarts, a new job is the user asking to try again.
    else if (!this.trainer && !this.restartTimer) this.spawnTrainer();
    this.emitStatus();
  }

  cancel(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (!job) return;
    if (job.sent && this.trainer) {
      this.post(this.trainer, { type: 'cancel', jobId });
      return;
    }
    this.jobs.delete(jobId);
    this.options.onJobEvent(jobId, { type: 'cancelled' });
    this.emitStatus();
  }

  /** A fresh trainer (e.g. for a new backend setting). Refused while a job is running. */
  async restart(): Promise<void> {
    if (this.jobs.size > 0)
      throw new Error('A job is running. Cancel it or let it finish before restarting the trainer.');
    this.clearRestartTimer();
    this.gaveUp = false;
    this.crashTimes = [];
    if (this.trainer) await this.shutdown(this.trainer);
    this.spawnTrainer();
    await this.whenReady();
  }

  async stop(): Promise<void> {
    this.lifecycle = 'stopped';
    this.clearRestartTimer();
    this.failAll('The trainer was stopped because Ganvas is closing.');
    for (const waiter of this.readyWaiters) waiter.reject(new Error('The trainer was stopped.'));
    this.readyWaiters.clear();
    if (this.trainer) await this.shutdown(this.trainer);
    this.emitStatus();
  }

  private spawnTrainer(): void {
    this.started += 1;
    this.lifecycle = 'starting';
    let handle: TrainerHandle;
    try {
      handle = this.options.spawn({ GANVAS_BACKEND_PREFERENCE: this.options.preference() });
    } catch (error) {
      this.crashed(`The trainer process could not be started: ${(error as Error).message}`);
      return;
    }
    const trainer: Trainer = {
      handle,
      ready: false,
      leaving: false,
      lastWords: null,
      startTimer: setTimeout(() => {
        trainer.lastWords = `The trainer did not start within ${seconds(this.startTimeoutMs)}.`;
        handle.kill();
      }, this.startTimeoutMs),
    };
    trainer.startTimer.unref();
    this.trainer = trainer;
    handle.onMessage((raw) => this.received(trainer, raw));
    handle.onExit((exit) => this.exited(trainer, exit));
    this.log(`Trainer started (pid ${handle.pid ?? 'unknown'}).`);
    this.emitStatus();
  }

  private received(trainer: Trainer, raw: unknown): void {
    if (trainer !== this.trainer) return;
    const parsed = parseTrainerMessage(raw);
    if (!parsed.ok) return this.log(`Dropped a ${parsed.problem} from the trainer.`);
    const message: TrainerMessage = parsed.message;
    switch (message.type) {
      case 'ready':
        return this.becameReady(trainer, message.backend);
      case 'job':
        return this.jobEvent(trainer, message.jobId, message.event);
      case 'log':
        return this.log(`trainer ${message.level}: ${message.message}`);
      case 'fatal':
        trainer.lastWords = `The trainer stopped: ${message.message}`;
        return this.log(trainer.lastWords);
    }
  }

  private becameReady(trainer: Trainer, backend: BackendInfo): void {
    clearTimeout(trainer.startTimer);
    if (trainer.leaving) return;
    trainer.ready = true;
    this.lifecycle = 'up';
    this.backendInfo = backend;
    this.log(`Trainer ready: ${backend.name} on ${backend.device}.`);
    this.options.onBackend(backend);
    for (const [jobId, job] of this.jobs) if (!job.sent) this.send(job, jobId);
    for (const waiter of this.readyWaiters) waiter.resolve(backend);
    this.readyWaiters.clear();
    this.emitStatus();
  }

  private jobEvent(trainer: Trainer, jobId: string, event: TrainerJobEvent): void {
    if (!this.jobs.has(jobId)) {
      if (!trainer.leaving) this.log(`Dropped a ${event.type} event for unknown job ${jobId}.`);
      return;
    }
    const final = isFinalJobEvent(event);
    if (final) this.jobs.delete(jobId);
    this.options.onJobEvent(jobId, event);
    if (final) this.emitStatus();
  }

  private exited(trainer: Trainer, exit: TrainerExit): void {
    clearTimeout(trainer.startTimer);
    if (trainer !== this.trainer) return;
    this.trainer = null;
    if (trainer.leaving) return;
    this.crashed(trainer.lastWords ?? describeExit(exit));
  }

  private crashed(reason: string): void {
    this.lifecycle = 'crashed';
    this.lastError = reason;
    this.log(reason);
    this.failAll(`${reason} ${afterCrash}`, true);

    const now = Date.now();
    this.crashTimes = [...this.crashTimes.filter((at) => now - at < this.crashWindowMs), now];
    const delay = this.restartDelaysMs[this.crashTimes.length - 1];
    if (delay === undefined) {
      this.gaveUp = true;
      this.lastError =
        `${reason} It stopped ${this.crashTimes.length} times within a minute, so Ganvas stopped restarting it; ` +
        'it will try again when you start a job or restart the trainer.';
      for (const waiter of this.readyWaiters) waiter.reject(new Error(this.lastError));
      this.readyWaiters.clear();
    } else {
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        if (this.lifecycle === 'crashed') this.spawnTrainer();
      }, delay);
    }
    this.emitStatus();
  }

  private failAll(error: string, crashed = false): void {
    const ids = [...this.jobs.keys()];
    this.jobs.clear();
    for (const jobId of ids)
      this.options.onJobEvent(jobId, { type: 'failed', error, ...(crashed ? { crashed } : {}) });
  }

  /** Asks the trainer to exit, kills it if it does not, and resolves once it is gone. */
  private async shutdown(trainer: Trainer): Promise<void> {
    trainer.leaving = true;
    const gone = new Promise<void>((resolve) => trainer.handle.onExit(() => resolve()));
    this.post(trainer, { type: 'shutdown' });
    // A kernel call blocks the trainer's event loop; a long one can outlast the polite request.
    const kill = setTimeout(() => trainer.handle.kill(), this.stopTimeoutMs);
    let giveUp: NodeJS.Timeout | undefined;
    await Promise.race([
      gone,
      new Promise<void>((resolve) => (giveUp = setTimeout(resolve, this.stopTimeoutMs * 2))),
    ]);
    clearTimeout(kill);
    clearTimeout(giveUp);
    if (this.trainer === trainer) this.trainer = null;
  }

  private accepting(): boolean {
    return this.trainer !== null && this.trainer.ready && !this.trainer.leaving;
  }

  private send(job: Job, jobId: string): void {
    if (!this.trainer) return;
    job.sent = true;
    this.post(this.trainer, { type: 'run', jobId, task: job.task });
  }

  private post(trainer: Trainer, message: ParentMessage): void {
    trainer.handle.send(message);
  }

  private clearRestartTimer(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  private emitStatus(): void {
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.options.onStatus(status);
  }
}

export function describeExit(exit: TrainerExit): string {
  if (exit.signal) return `The trainer process stopped unexpectedly (killed by ${exit.signal}).`;
  if (exit.code === null || exit.code === 0) return 'The trainer process stopped unexpectedly.';
  return `The trainer process stopped unexpectedly (exit code ${exit.code}).`;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}
