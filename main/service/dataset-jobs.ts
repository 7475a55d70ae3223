import type { Domain, JobKind, JobProgress } from '../contract/index.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import { ServiceFailure } from './service-error.js';

export interface JobHooks {
  signal: AbortSignal;
  keepPartial: () => boolean;
  /** Throttled here: a few events a second at most, the last one always sent. */
  onProgress: (progress: JobProgress) => void;
  warn: (message: string) => void;
}

/** What runs on a dataset: imports (one per domain at a time) or a cache rebuild (alone). */
export type DatasetWork = { kind: 'import'; domain: Domain } | { kind: 'rebuild' } | { kind: 'delete' };

/**
 * Runs dataset jobs in this process (sharp works off the event loop, so the service stays responsive)
 * and keeps two writers off the same cache: imports into different domains may run together, a
 * rebuild or a delete runs alone.
 */
export class DatasetJobs {
  private readonly running = new Map<string, DatasetWork[]>();

  constructor(
    private readonly jobs: JobRegistry,
    private readonly progressIntervalMs = 250,
  ) {}

  /** Throws ServiceFailure('conflict') if `work` would collide with what runs on this dataset. */
  claim(datasetKey: string, work: DatasetWork): () => void {
    const current = this.running.get(datasetKey) ?? [];
    const collides = current.some(
      (other) =>
        work.kind !== 'import' ||
        other.kind !== 'import' ||
        (other.kind === 'import' && other.domain === work.domain),
    );
    if (collides) {
      const what = current[0]?.kind === 'rebuild' ? 'rebuilding its training cache' : 'importing';
      throw new ServiceFailure(
        'conflict',
        `This dataset is busy ${what}; wait for it to finish or cancel it.`,
      );
    }
    this.running.set(datasetKey, [...current, work]);
    return () => {
      const left = (this.running.get(datasetKey) ?? []).filter((each) => each !== work);
      if (left.length) this.running.set(datasetKey, left);
      else this.running.delete(datasetKey);
    };
  }

  /**
   * Starts a job and returns its id at once. `run` gets an AbortSignal (cancel), the user's choice
   * to keep partial work, and a throttled progress callback; `after` runs however it ended.
   */
  start(
    kind: JobKind,
    title: string,
    release: () => void,
    run: (hooks: JobHooks) => Promise<{ cancelled: boolean }>,
    after: (outcome: 'done' | 'failed' | 'cancelled') => Promise<void>,
  ): string {
    const controller = new AbortController();
    let keep = true;
    const job = this.jobs.create(kind, title, (keepPartial) => {
      keep = keepPartial;
      controller.abort();
    });
    let last = 0;
    const onProgress = (progress: JobProgress) => {
      const now = Date.now();
      if (now - last < this.progressIntervalMs && progress.fraction !== 1) return;
      last = now;
      this.jobs.progress(job.id, progress);
    };
    void (async () => {
      let ended:
        | { outcome: 'done'; result: unknown }
        | { outcome: 'cancelled' }
        | { outcome: 'failed'; error: string };
      try {
        const result = await run({
          signal: controller.signal,
          keepPartial: () => keep,
          onProgress,
          warn: (message) => this.jobs.warn(job.id, message),
        });
        // A cancel that arrives after the work finished changes nothing: the result says what happened.
        ended = result.cancelled ? { outcome: 'cancelled' } : { outcome: 'done', result };
      } catch (error) {
        ended = { outcome: 'failed', error: (error as Error).message };
      }
      // Free before the end is announced, so a client that starts the next job on 'done' is not refused;
      // and `after` (projects:changed) before it too, so a client refreshing on 'done' sees the new counts.
      release();
      await after(ended.outcome).catch(() => undefined);
      if (ended.outcome === 'done') this.jobs.finish(job.id, ended.result);
      else if (ended.outcome === 'cancelled') this.jobs.cancelled(job.id);
      else this.jobs.fail(job.id, ended.error);
    })();
    return job.id;
  }
}
