import type { BenchmarkResult } from '$contract';
import type { Api } from '../lib/api.js';
import { benchmarkStatus, readBenchmarkResult, type BenchmarkStatus } from '../lib/benchmark-status.js';
import { describeError } from '../lib/service-call-error.js';
import type { JobsStore } from './jobs.svelte.js';

/** The status bar's "Check speed": a short training-like workload timed on the current backend. */
export class BenchmarkStore {
  static readonly args = { iterations: 20, size: 32 } as const;

  readonly #api: Api;
  readonly #jobs: JobsStore;

  jobId = $state<string | null>(null);
  starting = $state(false);
  cancelling = $state(false);
  startError = $state<string | null>(null);
  /** Kept apart from startError: a refused cancel leaves the job running, not failed. */
  cancelError = $state<string | null>(null);

  // Deriveds are lazy: by the time one is read, the constructor has set #jobs.
  readonly job = $derived.by(() => (this.jobId === null ? undefined : this.#jobs.get(this.jobId)));

  readonly status: BenchmarkStatus = $derived(
    benchmarkStatus({
      starting: this.starting,
      startError: this.startError,
      jobId: this.jobId,
      jobState: this.job?.summary.state,
    }),
  );

  readonly result: BenchmarkResult | null = $derived(
    this.status === 'done' ? readBenchmarkResult(this.job?.result) : null,
  );

  readonly error: string | null = $derived(this.startError ?? this.job?.summary.error ?? null);

  constructor(api: Api, jobs: JobsStore) {
    this.#api = api;
    this.#jobs = jobs;
  }

  get busy(): boolean {
    return this.status === 'starting' || this.status === 'running';
  }

  async start(): Promise<void> {
    if (this.busy) return;
    this.starting = true;
    this.startError = null;
    this.cancelError = null;
    this.jobId = null;
    try {
      this.jobId = (await this.#api.call('system:benchmark', BenchmarkStore.args)).jobId;
    } catch (error) {
      this.startError = describeError(error);
    } finally {
      this.starting = false;
    }
  }

  async cancel(): Promise<void> {
    if (this.jobId === null || this.cancelling) return;
    this.cancelling = true;
    this.cancelError = null;
    try {
      await this.#api.call('jobs:cancel', { jobId: this.jobId });
    } catch (error) {
      this.cancelError = describeError(error);
    } finally {
      this.cancelling = false;
    }
  }
}
