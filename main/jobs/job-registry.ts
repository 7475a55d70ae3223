import { randomUUID } from 'node:crypto';
import type { JobEvent, JobKind, JobProgress, JobSummary } from '../contract/index.js';

/**
 * The service's record of every job this session: what runs, how far it is, how it ended.
 * Every change is announced as a JobEvent; a job that has ended ignores later updates, so a
 * late progress message from a dying process cannot resurrect it.
 */
/** How a job is stopped: by whoever runs it (the trainer, an importer in this process). */
export type CancelJob = (keepPartial: boolean) => void;

export class JobRegistry {
  private readonly jobs = new Map<string, JobSummary>();
  private readonly cancellers = new Map<string, CancelJob>();

  constructor(
    private readonly emit: (event: JobEvent) => void,
    private readonly now: () => number = Date.now,
  ) {}

  create(kind: JobKind, title: string, cancel?: CancelJob): JobSummary {
    const job: JobSummary = {
      id: randomUUID(),
      kind,
      title,
      state: 'running',
      progress: null,
      error: null,
      startedAt: this.now(),
      endedAt: null,
    };
    this.jobs.set(job.id, job);
    if (cancel) this.cancellers.set(job.id, cancel);
    this.emit({ type: 'started', job: { ...job } });
    return job;
  }

  get(id: string): JobSummary | undefined {
    const job = this.jobs.get(id);
    return job && { ...job };
  }

  list(): JobSummary[] {
    return [...this.jobs.values()].map((job) => ({ ...job })).sort((a, b) => b.startedAt - a.startedAt);
  }

  running(): JobSummary[] {
    return this.list().filter((job) => job.state === 'running' || job.state === 'queued');
  }

  /** Asks the job's runner to stop; the job ends when the runner reports 'cancelled' (or finishes first). */
  requestCancel(id: string, keepPartial: boolean): boolean {
    const cancel = this.live(id) && this.cancellers.get(id);
    if (!cancel) return false;
    cancel(keepPartial);
    return true;
  }

  progress(id: string, progress: JobProgress): void {
    const job = this.live(id);
    if (!job) return;
    job.progress = progress;
    this.emit({ type: 'progress', jobId: id, progress });
  }

  warn(id: string, message: string): void {
    if (!this.live(id)) return;
    this.emit({ type: 'warning', jobId: id, message });
  }

  finish(id: string, result: unknown): void {
    if (!this.end(id, 'done', null)) return;
    this.emit({ type: 'done', jobId: id, result });
  }

  fail(id: string, error: string): void {
    if (!this.end(id, 'failed', error)) return;
    this.emit({ type: 'failed', jobId: id, error });
  }

  cancelled(id: string): void {
    if (!this.end(id, 'cancelled', null)) return;
    this.emit({ type: 'cancelled', jobId: id });
  }

  private live(id: string): JobSummary | undefined {
    const job = this.jobs.get(id);
    return job && (job.state === 'running' || job.state === 'queued') ? job : undefined;
  }

  private end(id: string, state: JobSummary['state'], error: string | null): boolean {
    const job = this.live(id);
    if (!job) return false;
    job.state = state;
    job.error = error;
    job.endedAt = this.now();
    this.cancellers.delete(id);
    return true;
  }
}
