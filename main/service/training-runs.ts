import { rm } from 'node:fs/promises';
import {
  architectureKeys,
  presetsFor,
  TrainingSettings,
  type Domain,
  type HealthWarning,
  type PresetName,
  type RunEvent,
  type RunSummary,
} from '../contract/index.js';
import { domainsOf } from '../datasets/dataset-files.js';
import { loadDataset } from '../datasets/dataset-store.js';
import { ensureTrainingCache } from '../datasets/rebuild-cache.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import type { ProjectLookup } from '../projects/project-lookup.js';
import { moveToTrash, type TrashItem } from '../projects/trash.js';
import { copyRunUpTo, listCheckpoints, runFolder } from '../training/run-files.js';
import {
  createRun,
  listRuns,
  readRun,
  summariseRun,
  updateRun,
  withWarning,
  type RunManifest,
} from '../training/run-store.js';
import type { TrainerJobEvent, TrainerTask } from '../training/trainer-protocol.js';
import { ServiceFailure } from './service-error.js';

export interface TrainingTrainer {
  run(jobId: string, task: TrainerTask): void;
  cancel(jobId: string): void;
  backend(): { name: string } | null;
}

export interface TrainingRunsDeps {
  projects: ProjectLookup;
  jobs: JobRegistry;
  trainer: TrainingTrainer;
  emit: (event: RunEvent) => void;
  trashItem?: TrashItem;
  /** How many times a run is resumed on its own after the trainer process died under it. */
  autoResumeLimit?: number;
}

interface ActiveRun {
  projectId: string;
  root: string;
  runId: string;
  /** Why we asked the job to stop: decides whether the run ends paused or stopped. */
  intent: 'pause' | 'stop' | null;
  /** Handed to the trainer; before that a cancel is ours to carry out. */
  sent: boolean;
  cancelRequested: boolean;
  ended: Promise<void>;
  end: () => void;
}

const stillTraining: ReadonlySet<RunManifest['state']> = new Set(['queued', 'running']);
/** How long pause and stop wait for the checkpoint before answering (a step can take seconds). */
const stopWaitMs = 60_000;

/**
 * Training runs as the service sees them: it creates run.json, starts the trainer's job, follows
 * the job's events into run.json and 'runs:event', and resumes a run on its own (a couple of times)
 * when the trainer process dies under it. Every change of one run.json goes through one queue, so
 * events arriving together never overwrite each other.
 */
export class TrainingRuns {
  private readonly active = new Map<string, ActiveRun>();
  private readonly jobOfRun = new Map<string, string>();
  private readonly updates = new Map<string, Promise<unknown>>();
  private readonly autoResumes = new Map<string, number>();

  constructor(private readonly deps: TrainingRunsDeps) {}

  async list(projectId: string): Promise<RunSummary[]> {
    const root = this.deps.projects.root(projectId);
    const runs = await listRuns(root);
    return Promise.all(runs.map(async (run) => this.summary(root, await this.settle(root, run))));
  }

  async get(projectId: string, runId: string): Promise<RunSummary> {
    const root = this.deps.projects.root(projectId);
    return this.summary(root, await this.settle(root, await readRun(root, runId)));
  }

  async start(args: {
    projectId: string;
    datasetId: string;
    preset: PresetName;
    settings: Partial<TrainingSettings>;
    name?: string | undefined;
  }): Promise<{ run: RunSummary; jobId: string }> {
    const root = this.deps.projects.root(args.projectId);
    const { manifest: dataset, images } = await loadDataset(root, args.datasetId);
    const model = args.settings.model ?? 'dcgan';
    const preset = presetsFor(model)[args.preset];
    const countOf = (domain: Domain) =>
      images.images.filter((image) => image.domain === domain && !image.excluded).length;
    const tooFew = (count: number, what: string) =>
      `${what} has ${count === 0 ? 'no images' : 'one image'} to train on. Import a folder of images first.`;
    if (model === 'cyclegan') {
      if (dataset.kind !== 'paired') {
        throw new ServiceFailure(
          'invalid-args',
          `A CycleGAN learns between two folders, and “${dataset.name}” has one. Make a dataset with domains A and B.`,
        );
      }
      for (const side of ['A', 'B'] as const) {
        const count = countOf(side);
        if (count < 2)
          throw new ServiceFailure('invalid-args', tooFew(count, `Domain ${side} of “${dataset.name}”`));
      }
    }
    // A DCGAN trains on the dataset's only domain, or on domain A of a paired one.
    const domain: Domain = domainsOf(dataset.kind)[0] ?? 'main';
    const settings = {
      ...preset.settings,
      seed: randomSeed(),
      ...args.settings,
      ...(model === 'cyclegan' ? { cycle: { ...preset.settings.cycle, ...args.settings.cycle } } : {}),
    };
    const count = countOf(domain);
    if (count < 2) throw new ServiceFailure('invalid-args', tooFew(count, `“${dataset.name}”`));
    // A batch cannot hold more images than there are; a smaller batch still follows the same algorithm.
    settings.batchSize = Math.min(settings.batchSize, count);
    if (dataset.resolution < settings.size) {
      throw new ServiceFailure(
        'invalid-args',
        `“${dataset.name}” is cached at ${dataset.resolution} px, smaller than the ${settings.size} px model. ` +
          `Set the dataset's training resolution to ${settings.size} px or more, or pick a smaller preset.`,
      );
    }
    const checked = TrainingSettings.safeParse(settings);
    if (!checked.success) {
      throw new ServiceFailure('invalid-args', checked.error.issues.map((issue) => issue.message).join(' '));
    }
    const run = await createRun(root, {
      name: args.name ?? `${preset.label}${model === 'cyclegan' ? ' CycleGAN' : ''} · ${dataset.name}`,
      datasetId: args.datasetId,
      domain,
      preset: args.preset,
      settings: checked.data,
      parent: null,
    });
    const jobId = this.launch(args.projectId, root, run, null);
    return { run: await this.summary(root, run), jobId };
  }

  async resume(
    projectId: string,
    runId: string,
    totalSteps?: number,
  ): Promise<{ run: RunSummary; jobId: string }> {
    const root = this.deps.projects.root(projectId);
    this.refuseIfActive(root, runId);
    let run = await readRun(root, runId);
    const checkpoints = await listCheckpoints(runFolder(root, runId));
    const newest = checkpoints[checkpoints.length - 1];
    if (!newest) {
      throw new ServiceFailure(
        'conflict',
        'This run has no checkpoint to resume from (it stopped before its first one). Start a new run.',
      );
    }
    const target = totalSteps ?? run.settings.totalSteps;
    if (newest.step >= target) {
      throw new ServiceFailure(
        'conflict',
        `This run already reached step ${newest.step} of ${target}. Give it more steps to go on.`,
      );
    }
    if (target !== run.settings.totalSteps) {
      run = await this.update(root, runId, (m) => ({
        ...m,
        settings: { ...m.settings, totalSteps: target },
      }));
    }
    const jobId = this.launch(projectId, root, run, 'latest');
    return { run: await this.summary(root, run), jobId };
  }

  async branch(args: {
    projectId: string;
    runId: string;
    step: number;
    settings: Partial<TrainingSettings>;
    name?: string | undefined;
  }): Promise<{ run: RunSummary; jobId: string }> {
    const root = this.deps.projects.root(args.projectId);
    const parent = await readRun(root, args.runId);
    const changed: string[] = architectureKeys.filter(
      (key) => args.settings[key] !== undefined && args.settings[key] !== parent.settings[key],
    );
    const blocks = args.settings.cycle?.residualBlocks;
    if (blocks !== undefined && blocks !== parent.settings.cycle?.residualBlocks)
      changed.push('residual blocks');
    if (changed.length > 0) {
      throw new ServiceFailure(
        'invalid-args',
        `A branch keeps the model's shape; ${changed.join(', ')} cannot change. Start a new run for that.`,
      );
    }
    const checkpoints = await listCheckpoints(runFolder(root, parent.id));
    if (!checkpoints.some((checkpoint) => checkpoint.step === args.step)) {
      throw new ServiceFailure('not-found', `The run has no checkpoint at step ${args.step}.`);
    }
    const settings = {
      ...parent.settings,
      ...args.settings,
      ...(parent.settings.cycle ? { cycle: { ...parent.settings.cycle, ...args.settings.cycle } } : {}),
    };
    if (settings.totalSteps <= args.step) settings.totalSteps = args.step + parent.settings.totalSteps;
    const run = await createRun(root, {
      name: args.name ?? `${parent.name} · branch at ${args.step}`,
      datasetId: parent.datasetId,
      domain: parent.domain,
      preset: null,
      settings,
      parent: { runId: parent.id, step: args.step },
    });
    await copyRunUpTo(runFolder(root, parent.id), runFolder(root, run.id), args.step);
    const jobId = this.launch(args.projectId, root, run, args.step);
    return { run: await this.summary(root, run), jobId };
  }

  /** Asks the run to write a checkpoint and stop; answers once it has (or after a minute, still stopping). */
  async halt(projectId: string, runId: string, intent: 'pause' | 'stop'): Promise<RunSummary> {
    const root = this.deps.projects.root(projectId);
    const jobId = this.jobOfRun.get(key(root, runId));
    const active = jobId ? this.active.get(jobId) : undefined;
    if (!jobId || !active) {
      const run = await readRun(root, runId);
      if (intent === 'stop' && run.state === 'paused') {
        return this.summary(root, await this.update(root, runId, (m) => ({ ...m, state: 'stopped' })));
      }
      throw new ServiceFailure('conflict', 'This run is not training.');
    }
    active.intent = intent;
    this.deps.jobs.requestCancel(jobId, true);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([active.ended, new Promise((resolve) => (timer = setTimeout(resolve, stopWaitMs)))]);
    clearTimeout(timer);
    return this.get(projectId, runId);
  }

  /** Pauses every run training in the project (a checkpoint each), e.g. before it closes. */
  async pauseProject(projectId: string): Promise<void> {
    const inProject = [...this.active.values()].filter((active) => active.projectId === projectId);
    await Promise.all(
      inProject.map((active) => this.halt(projectId, active.runId, 'pause').catch(() => undefined)),
    );
  }

  /** Pauses every run (Ganvas is quitting), waiting at most `waitMs` for their checkpoints. */
  async pauseAll(waitMs = 20_000): Promise<void> {
    const projects = new Set([...this.active.values()].map((active) => active.projectId));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...projects].map((projectId) => this.pauseProject(projectId))),
      new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
    ]);
    clearTimeout(timer);
  }

  async delete(projectId: string, runId: string): Promise<{ deleted: boolean; trashed: boolean }> {
    const root = this.deps.projects.root(projectId);
    this.refuseIfActive(root, runId);
    await readRun(root, runId);
    const dir = runFolder(root, runId);
    let trashed = true;
    if (this.deps.trashItem) await this.deps.trashItem(dir);
    else if (!(await moveToTrash(dir))) {
      await rm(dir, { recursive: true, force: true });
      trashed = false;
    }
    return { deleted: true, trashed };
  }

  /** A warning found outside training (an evaluation): kept in run.json and shown like the run's own. */
  async addWarning(projectId: string, runId: string, warning: HealthWarning): Promise<void> {
    const root = this.deps.projects.root(projectId);
    let added = false;
    await this.update(root, runId, (m) => {
      // Evaluating one checkpoint again says nothing new.
      if (m.warnings.some((w) => w.code === warning.code && w.step === warning.step)) return m;
      added = true;
      return withWarning(m, warning);
    });
    if (added) this.deps.emit({ type: 'warning', projectId, runId, warning });
  }

  /** Takes the events of training jobs; returns false for jobs that are not training runs. */
  onJobEvent(jobId: string, event: TrainerJobEvent): boolean {
    const active = this.active.get(jobId);
    if (!active) return false;
    const { projectId, root, runId } = active;
    switch (event.type) {
      case 'metrics':
        this.deps.emit({ type: 'metrics', projectId, runId, points: event.points });
        return true;
      case 'sample':
        this.deps.emit({ type: 'sample', projectId, runId, step: event.step });
        return true;
      case 'checkpoint':
        this.deps.emit({ type: 'checkpoint', projectId, runId, checkpoint: event.checkpoint });
        return true;
      case 'health':
        this.deps.emit({ type: 'warning', projectId, runId, warning: event.warning });
        void this.update(root, runId, (m) => withWarning(m, event.warning)).catch(() => undefined);
        return true;
      case 'progress':
      case 'warning':
        return false;
      case 'done':
        this.ended(jobId, active, { state: 'finished', stateReason: null });
        return false;
      case 'cancelled':
        this.ended(jobId, active, {
          state: active.intent === 'stop' ? 'stopped' : 'paused',
          stateReason: null,
        });
        return false;
      case 'failed':
        if (event.crashed && this.mayAutoResume(root, runId)) {
          this.ended(jobId, active, { state: 'interrupted', stateReason: event.error }, true);
        } else {
          this.ended(jobId, active, { state: 'failed', stateReason: event.error });
        }
        return false;
    }
  }

  private launch(projectId: string, root: string, run: RunManifest, resumeFrom: number | 'latest' | null) {
    let end: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const verb = resumeFrom === null ? 'Training' : 'Resuming';
    const job = this.deps.jobs.create('training:train', `${verb} “${run.name}”`, () => {
      active.cancelRequested = true;
      if (active.sent) this.deps.trainer.cancel(job.id);
    });
    const active: ActiveRun = {
      projectId,
      root,
      runId: run.id,
      intent: null,
      sent: false,
      cancelRequested: false,
      ended,
      end,
    };
    this.active.set(job.id, active);
    this.jobOfRun.set(key(root, run.id), job.id);
    void this.begin(job.id, active, run, resumeFrom);
    return job.id;
  }

  /** Marks the run running, makes sure its training cache is whole, then hands the job to the trainer. */
  private async begin(
    jobId: string,
    active: ActiveRun,
    run: RunManifest,
    resumeFrom: number | 'latest' | null,
  ) {
    const { root, runId } = active;
    try {
      const backend = this.deps.trainer.backend()?.name ?? run.backend;
      const running = await this.update(root, runId, (m) => ({
        ...m,
        state: 'running',
        stateReason: null,
        backend,
      }));
      this.announce(active, running);
      this.deps.jobs.progress(jobId, { fraction: null, message: 'Checking the training cache' });
      await ensureTrainingCache({
        projectRoot: root,
        datasetId: run.datasetId,
        onProgress: (progress) => this.deps.jobs.progress(jobId, progress),
      });
      if (active.cancelRequested) {
        this.deps.jobs.cancelled(jobId);
        this.ended(jobId, active, {
          state: active.intent === 'stop' ? 'stopped' : 'paused',
          stateReason: null,
        });
        return;
      }
      active.sent = true;
      this.deps.trainer.run(jobId, {
        kind: 'train',
        projectRoot: root,
        runId,
        datasetId: run.datasetId,
        domain: run.domain,
        settings: running.settings,
        resumeFrom,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.jobs.fail(jobId, message);
      this.ended(jobId, active, { state: 'failed', stateReason: message });
    }
  }

  private ended(
    jobId: string,
    active: ActiveRun,
    outcome: Pick<RunManifest, 'state' | 'stateReason'>,
    resumeAfter = false,
  ): void {
    this.active.delete(jobId);
    const runKey = key(active.root, active.runId);
    if (this.jobOfRun.get(runKey) === jobId) this.jobOfRun.delete(runKey);
    void this.update(active.root, active.runId, (m) => ({ ...m, ...outcome }))
      .then(async (run) => {
        this.announce(active, run);
        if (resumeAfter) await this.resume(active.projectId, active.runId);
      })
      .catch(() => undefined)
      .finally(active.end);
  }

  private mayAutoResume(root: string, runId: string): boolean {
    const runKey = key(root, runId);
    const used = this.autoResumes.get(runKey) ?? 0;
    if (used >= (this.deps.autoResumeLimit ?? 2)) return false;
    this.autoResumes.set(runKey, used + 1);
    return true;
  }

  /** A run that says it is training while no job of ours runs it was cut short (Ganvas quit or crashed). */
  private async settle(root: string, run: RunManifest): Promise<RunManifest> {
    if (!stillTraining.has(run.state) || this.jobOfRun.has(key(root, run.id))) return run;
    return this.update(root, run.id, (m) =>
      stillTraining.has(m.state)
        ? {
            ...m,
            state: 'interrupted',
            stateReason: 'Ganvas closed while this run was training. Resume it from its last checkpoint.',
          }
        : m,
    );
  }

  private refuseIfActive(root: string, runId: string): void {
    if (this.jobOfRun.has(key(root, runId))) {
      throw new ServiceFailure('conflict', 'This run is training. Pause it first.');
    }
  }

  private summary(root: string, run: RunManifest): Promise<RunSummary> {
    return summariseRun(root, run, this.jobOfRun.get(key(root, run.id)) ?? null);
  }

  private announce(active: ActiveRun, run: RunManifest): void {
    void this.summary(active.root, run)
      .then((summary) => this.deps.emit({ type: 'changed', projectId: active.projectId, run: summary }))
      .catch(() => undefined);
  }

  private update(root: string, runId: string, change: (m: RunManifest) => RunManifest): Promise<RunManifest> {
    const runKey = key(root, runId);
    const previous = this.updates.get(runKey) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => updateRun(root, runId, change));
    this.updates.set(runKey, next);
    return next;
  }
}

function key(root: string, runId: string): string {
  return `${root}\u0000${runId}`;
}

function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
