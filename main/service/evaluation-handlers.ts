import type { CheckpointChoice, CheckpointInfo, evaluationCalls, HealthWarning } from '../contract/index.js';
import { ensureTrainingCache } from '../datasets/rebuild-cache.js';
import { readEvaluation } from '../evaluation/evaluation-file.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import type { ProjectLookup } from '../projects/project-lookup.js';
import { listCheckpoints, runFolder } from '../training/run-files.js';
import { readRun } from '../training/run-store.js';
import type { TrainerJobEvent } from '../training/trainer-protocol.js';
import type { HandlersFor } from './handler-types.js';
import { ServiceFailure } from './service-error.js';
import type { TrainingTrainer } from './training-runs.js';

export interface EvaluationDeps {
  projects: ProjectLookup;
  jobs: JobRegistry;
  /** The process that runs evaluations (a trainer process of their own, so they can run beside training). */
  trainer: Pick<TrainingTrainer, 'run' | 'cancel'>;
  /** Where an evaluation's warnings go: the run's dashboard (run.json and 'runs:event'). */
  addRunWarning: (projectId: string, runId: string, warning: HealthWarning) => Promise<void>;
}

/** At most this many checkpoints in one job ('all' on a long run takes an even spread, newest kept). */
const maxSteps = 40;

/**
 * Evaluation jobs: the service resolves which checkpoints, the trainer does the work (evaluate-task.ts)
 * and writes the run's evaluation.json; the warnings it reports go to the run's dashboard.
 */
export class EvaluationJobs {
  private readonly jobs = new Map<string, { projectId: string; runId: string }>();

  constructor(private readonly deps: EvaluationDeps) {}

  handlers(): HandlersFor<typeof evaluationCalls> {
    return {
      'runs:evaluate': ({ projectId, runId, checkpoint, count, useEma }) =>
        this.start(projectId, runId, checkpoint, count, useEma),
      'runs:evaluation': async ({ projectId, runId }) => {
        const root = this.deps.projects.root(projectId);
        await readRun(root, runId);
        const { evaluation, problem } = await readEvaluation(runFolder(root, runId), runId);
        return { ...evaluation, problem };
      },
    };
  }

  /** Takes the events of evaluation jobs; returns false for other jobs. */
  onJobEvent(jobId: string, event: TrainerJobEvent): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    if (event.type === 'health') {
      void this.deps.addRunWarning(job.projectId, job.runId, event.warning).catch(() => undefined);
    }
    if (event.type === 'done' || event.type === 'failed' || event.type === 'cancelled')
      this.jobs.delete(jobId);
    return true;
  }

  private async start(
    projectId: string,
    runId: string,
    choice: CheckpointChoice,
    count: number,
    useEma: boolean,
  ): Promise<{ jobId: string; steps: number[] }> {
    const root = this.deps.projects.root(projectId);
    const run = await readRun(root, runId);
    const steps = chooseSteps(await listCheckpoints(runFolder(root, runId)), choice);
    const label = steps.length === 1 ? `step ${steps[0]}` : `${steps.length} checkpoints`;
    let cancelled = false;
    let sent = false;
    const job = this.deps.jobs.create('runs:evaluate', `Evaluating “${run.name}” (${label})`, () => {
      cancelled = true;
      if (sent) this.deps.trainer.cancel(job.id);
    });
    this.jobs.set(job.id, { projectId, runId });
    void (async () => {
      this.deps.jobs.progress(job.id, { fraction: null, message: 'Checking the training cache' });
      await ensureTrainingCache({
        projectRoot: root,
        datasetId: run.datasetId,
        onProgress: (progress) => this.deps.jobs.progress(job.id, progress),
      });
      if (cancelled) {
        this.jobs.delete(job.id);
        this.deps.jobs.cancelled(job.id);
        return;
      }
      sent = true;
      this.deps.trainer.run(job.id, {
        kind: 'evaluate',
        projectRoot: root,
        runId,
        datasetId: run.datasetId,
        domain: run.domain,
        steps,
        model: run.settings.model,
        count,
        seed: 0,
        useEma,
      });
    })().catch((error: unknown) => {
      this.jobs.delete(job.id);
      this.deps.jobs.fail(job.id, error instanceof Error ? error.message : String(error));
    });
    return { jobId: job.id, steps };
  }
}

/** The checkpoints a choice names; a clear error when there are none or the step is not one of them. */
export function chooseSteps(checkpoints: readonly CheckpointInfo[], choice: CheckpointChoice): number[] {
  const steps = checkpoints.map((c) => c.step).sort((a, b) => a - b);
  const newest = steps.at(-1);
  if (newest === undefined) {
    throw new ServiceFailure('conflict', 'This run has no checkpoint yet: train it for a while first.');
  }
  if (choice === 'newest') return [newest];
  if (choice === 'all') {
    if (steps.length <= maxSteps) return steps;
    const spread = Array.from(
      { length: maxSteps },
      (_, i) => steps[Math.round((i * (steps.length - 1)) / (maxSteps - 1))] ?? newest,
    );
    return [...new Set(spread)];
  }
  if (!steps.includes(choice)) {
    throw new ServiceFailure(
      'not-found',
      `The run has no checkpoint at step ${choice}; it has ${steps.slice(-8).join(', ')}${steps.length > 8 ? ' and earlier ones' : ''}.`,
    );
  }
  return [choice];
}
