import { isFinalJobEvent, type TrainerJobEvent } from './trainer-protocol.js';

export interface ProgressThrottleOptions {
  /** At most one progress event per this many milliseconds (default 250: four a second). */
  intervalMs?: number;
  clock?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * Throttles one job's events at the source, so a task can report every step without flooding
 * the IPC channel and the UI. Progress goes out at most once per interval; the latest skipped
 * one follows when the interval ends (or just before the final event), so the last state shown
 * is always the real last state. Warnings and the final event are never held back; nothing is
 * sent after the final event.
 */
export class ProgressThrottle {
  private readonly intervalMs: number;
  private readonly clock: () => number;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  private lastSentAt = -Infinity;
  private pending: TrainerJobEvent | null = null;
  private timer: unknown = null;
  private ended = false;

  constructor(
    private readonly send: (event: TrainerJobEvent) => void,
    options: ProgressThrottleOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 250;
    this.clock = options.clock ?? (() => performance.now());
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as NodeJS.Timeout));
  }

  push(event: TrainerJobEvent): void {
    if (this.ended) return;
    if (event.type !== 'progress') {
      if (isFinalJobEvent(event)) {
        this.flush();
        this.ended = true;
      }
      this.send(event);
      return;
    }
    const wait = this.lastSentAt + this.intervalMs - this.clock();
    if (wait <= 0 && this.timer === null) {
      this.sendProgress(event);
      return;
    }
    this.pending = event;
    this.timer ??= this.setTimer(
      () => {
        this.timer = null;
        this.flush();
      },
      Math.max(0, wait),
    );
  }

  private flush(): void {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    const pending = this.pending;
    this.pending = null;
    if (pending) this.sendProgress(pending);
  }

  private sendProgress(event: TrainerJobEvent): void {
    this.lastSentAt = this.clock();
    this.send(event);
  }
}
