import type { CheckpointChoice, CheckpointEvaluation, RunEvaluation } from '$contract';
import type { Api } from '../lib/api.js';
import { describeError } from '../lib/service-call-error.js';
import type { JobsStore } from './jobs.svelte.js';

/**
 * The Evaluate panel's state for the run on show: what its checkpoints scored, and the evaluation job
 * running for it. Results are reloaded when the job ends (also when it is cancelled: what it finished
 * is kept in the run).
 */
export class EvaluationStore {
  projectId = $state<string | null>(null);
  runId = $state<string | null>(null);
  evaluation = $state.raw<RunEvaluation | null>(null);
  /** Why the run's evaluation file could not be read (it is then shown as empty). */
  problem = $state<string | null>(null);
  error = $state<string | null>(null);
  jobId = $state<string | null>(null);
  starting = $state(false);
  readonly #api: Api;
  readonly #jobs: JobsStore;
  #request = 0;

  readonly job = $derived.by(() => (this.jobId === null ? undefined : this.#jobs.get(this.jobId)));
  readonly running: boolean = $derived(
    this.starting || this.job?.summary.state === 'running' || this.job?.summary.state === 'queued',
  );
  readonly checkpoints: CheckpointEvaluation[] = $derived(this.evaluation?.checkpoints ?? []);
  readonly newest: CheckpointEvaluation | null = $derived(this.checkpoints.at(-1) ?? null);

  constructor(api: Api, jobs: JobsStore) {
    this.#api = api;
    this.#jobs = jobs;
    api.on('jobs:event', (event) => {
      if (event.type === 'started' || event.jobId !== this.jobId) return;
      if (event.type === 'done' || event.type === 'cancelled') void this.load();
      if (event.type === 'failed') {
        this.error = event.error;
        void this.load();
      }
    });
  }

  /** Follows the run on show; a new run forgets the old one's job. */
  show(projectId: string, runId: string): void {
    if (this.projectId === projectId && this.runId === runId) return;
    this.projectId = projectId;
    this.runId = runId;
    this.evaluation = null;
    this.problem = null;
    this.error = null;
    this.jobId = null;
    void this.load();
  }

  async load(): Promise<void> {
    const { projectId, runId } = this;
    if (!projectId || !runId) return;
    const request = ++this.#request;
    try {
      const { problem, ...evaluation } = await this.#api.call('runs:evaluation', { projectId, runId });
      if (request !== this.#request) return;
      this.evaluation = evaluation;
      this.problem = problem;
    } catch (error) {
      if (request === this.#request) this.error = describeError(error);
    }
  }

  async evaluate(checkpoint: CheckpointChoice, count?: number): Promise<void> {
    const { projectId, runId } = this;
    if (!projectId || !runId || this.running) return;
    this.starting = true;
    this.error = null;
    try {
      const started = await this.#api.call('runs:evaluate', {
        projectId,
        runId,
        checkpoint,
        ...(count === undefined ? {} : { count }),
      });
      if (this.runId === runId) this.jobId = started.jobId;
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.starting = false;
    }
  }

  async cancel(): Promise<void> {
    if (this.jobId === null) return;
    try {
      await this.#api.call('jobs:cancel', { jobId: this.jobId });
    } catch (error) {
      this.error = describeError(error);
    }
  }
}
