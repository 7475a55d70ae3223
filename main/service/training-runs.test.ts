import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycleSettings, type JobEvent, type Project, type RunEvent } from '../contract/index.js';
import { createDataset } from '../datasets/dataset-store.js';
import { importImages } from '../datasets/import-images.js';
import { makeMixedFolder, makeProjectWithImages } from '../datasets/test-support/fixtures.js';
import { JobRegistry } from '../jobs/job-registry.js';
import {
  appendMetrics,
  checkpointFolder,
  listCheckpoints,
  readMetrics,
  runFolder,
} from '../training/run-files.js';
import { readRun, writeRun } from '../training/run-store.js';
import type { TrainerJobEvent, TrainerTask } from '../training/trainer-protocol.js';
import { TrainingRuns } from './training-runs.js';

/** A trainer that does nothing on its own: the test plays its part, event by event. */
class FakeTrainer {
  readonly tasks: Array<{ jobId: string; task: TrainerTask }> = [];
  readonly cancelled: string[] = [];
  constructor(private readonly deliver: (jobId: string, event: TrainerJobEvent) => void) {}
  run(jobId: string, task: TrainerTask) {
    this.tasks.push({ jobId, task });
  }
  cancel(jobId: string) {
    this.cancelled.push(jobId);
  }
  backend() {
    return { name: 'cpu' };
  }
  say(jobId: string, event: TrainerJobEvent) {
    this.deliver(jobId, event);
  }
}

async function setUp() {
  const { root, dataset } = await makeProjectWithImages(4);
  const jobEvents: JobEvent[] = [];
  const runEvents: RunEvent[] = [];
  const jobs = new JobRegistry((event) => jobEvents.push(event));
  const trainer: FakeTrainer = new FakeTrainer((jobId, event) => {
    runs.onJobEvent(jobId, event);
    if (event.type === 'done') jobs.finish(jobId, event.result);
    if (event.type === 'failed') jobs.fail(jobId, event.error);
    if (event.type === 'cancelled') jobs.cancelled(jobId);
  });
  const runs: TrainingRuns = new TrainingRuns({
    projects: { root: () => root, changed: async () => ({}) as Project },
    jobs,
    trainer,
    emit: (event) => runEvents.push(event),
  });
  const sentTask = async (count: number) => {
    await until(() => trainer.tasks.length >= count);
    const sent = trainer.tasks[count - 1];
    if (!sent || sent.task.kind !== 'train') throw new Error('no train task');
    return { jobId: sent.jobId, task: sent.task };
  };
  /** What the real trainer leaves behind: a checkpoint folder and the curve up to it. */
  const checkpointAt = async (runId: string, step: number) => {
    const folder = checkpointFolder(runFolder(root, runId), step);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'checkpoint.json'), '{}');
    await appendMetrics(runFolder(root, runId), [
      { step, seconds: step, dLoss: 1, gLoss: 1, dReal: 0.5, dFake: 0.5, imagesPerSecond: 10 },
    ]);
  };
  return { root, dataset, jobs, jobEvents, runEvents, trainer, runs, sentTask, checkpointAt };
}

async function until(condition: () => boolean, timeoutMs = 5000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('TrainingRuns', () => {
  it('starts a run from a preset: run.json, a job, and a train task with the settings', async () => {
    const { root, dataset, runs, sentTask } = await setUp();
    const { run, jobId } = await runs.start({
      projectId: 'p',
      datasetId: dataset.id,
      preset: 'quick',
      settings: { totalSteps: 40 },
    });
    const { jobId: sentJob, task } = await sentTask(1);
    expect(sentJob).toBe(jobId);
    // Four images: the batch cannot be larger than the dataset.
    expect(task).toMatchObject({
      kind: 'train',
      projectRoot: root,
      runId: run.id,
      domain: 'main',
      resumeFrom: null,
      settings: { size: 32, totalSteps: 40, batchSize: 4 },
    });
    expect((await readRun(root, run.id)).state).toBe('running');
    expect((await runs.get('p', run.id)).jobId).toBe(jobId);
  });

  it('starts a CycleGAN on a paired dataset from its own presets, and refuses one folder or an empty domain', async () => {
    const { root, dataset, runs, sentTask } = await setUp();
    await expect(
      runs.start({ projectId: 'p', datasetId: dataset.id, preset: 'quick', settings: { model: 'cyclegan' } }),
    ).rejects.toThrow(/learns between two folders.*domains A and B/);

    const paired = await createDataset(root, {
      name: 'Shapes and textures',
      kind: 'paired',
      resolution: 64,
      fit: 'crop',
      background: '#000000',
      storage: 'copy',
    });
    const { folder } = await makeMixedFolder(3);
    await importImages({
      projectRoot: root,
      datasetId: paired.id,
      domain: 'A',
      paths: [folder],
      nearDuplicateThreshold: 0,
    });
    await expect(
      runs.start({ projectId: 'p', datasetId: paired.id, preset: 'quick', settings: { model: 'cyclegan' } }),
    ).rejects.toThrow(/Domain B of “Shapes and textures” has no images/);

    await importImages({
      projectRoot: root,
      datasetId: paired.id,
      domain: 'B',
      paths: [folder],
      nearDuplicateThreshold: 0,
    });
    const { run } = await runs.start({
      projectId: 'p',
      datasetId: paired.id,
      preset: 'quick',
      settings: { model: 'cyclegan', totalSteps: 20, cycle: { ...cycleSettings(6), poolSize: 0 } },
    });
    const { task } = await sentTask(1);
    expect(run.name).toBe('Quick look CycleGAN · Shapes and textures');
    expect(task).toMatchObject({
      domain: 'A',
      settings: {
        model: 'cyclegan',
        size: 64,
        batchSize: 1,
        totalSteps: 20,
        cycle: { residualBlocks: 6, poolSize: 0 },
      },
    });
    await expect(
      runs.branch({
        projectId: 'p',
        runId: run.id,
        step: 0,
        settings: { cycle: { ...cycleSettings(6), residualBlocks: 9 } },
      }),
    ).rejects.toThrow(/residual blocks cannot change/);
  });

  it('refuses a model larger than the cached images, with what to do', async () => {
    const { dataset, runs } = await setUp();
    await expect(
      runs.start({ projectId: 'p', datasetId: dataset.id, preset: 'standard', settings: {} }),
    ).rejects.toThrow(/cached at 32 px.*Set the dataset's training resolution to 64 px/);
  });

  it('forwards curves, samples, checkpoints and warnings as runs:event, and keeps warnings in run.json', async () => {
    const { root, dataset, runs, trainer, runEvents, sentTask } = await setUp();
    const { run } = await runs.start({
      projectId: 'p',
      datasetId: dataset.id,
      preset: 'quick',
      settings: {},
    });
    const { jobId } = await sentTask(1);
    const point = { step: 5, seconds: 1, dLoss: 1, gLoss: 2, dReal: 0.6, dFake: 0.3, imagesPerSecond: 40 };
    const warning = { code: 'discriminator-wins' as const, message: 'D wins', step: 5 };
    trainer.say(jobId, { type: 'metrics', points: [point] });
    trainer.say(jobId, { type: 'sample', step: 5 });
    trainer.say(jobId, { type: 'checkpoint', checkpoint: { step: 5, bytes: 10, createdAt: 1 } });
    trainer.say(jobId, { type: 'health', warning });
    expect(runEvents.filter((event) => event.type !== 'changed')).toEqual([
      { type: 'metrics', projectId: 'p', runId: run.id, points: [point] },
      { type: 'sample', projectId: 'p', runId: run.id, step: 5 },
      { type: 'checkpoint', projectId: 'p', runId: run.id, checkpoint: { step: 5, bytes: 10, createdAt: 1 } },
      { type: 'warning', projectId: 'p', runId: run.id, warning },
    ]);
    await until(() => runEvents.length > 0);
    await expect.poll(async () => (await readRun(root, run.id)).warnings).toEqual([warning]);
  });

  it('pauses with a checkpoint, then resumes from the newest one with the same step count', async () => {
    const { root, dataset, runs, trainer, sentTask, checkpointAt } = await setUp();
    const { run } = await runs.start({
      projectId: 'p',
      datasetId: dataset.id,
      preset: 'quick',
      settings: {},
    });
    const { jobId } = await sentTask(1);
    const paused = runs.halt('p', run.id, 'pause');
    await until(() => trainer.cancelled.includes(jobId));
    await checkpointAt(run.id, 12);
    trainer.say(jobId, { type: 'cancelled' });
    const summary = await paused;
    expect(summary).toMatchObject({ state: 'paused', step: 12, jobId: null });
    expect(summary.checkpoints.map((c) => c.step)).toEqual([12]);

    const resumed = await runs.resume('p', run.id);
    const { task } = await sentTask(2);
    expect(task).toMatchObject({ runId: run.id, resumeFrom: 'latest' });
    expect(resumed.run.step).toBe(12);
    expect((await readRun(root, run.id)).state).toBe('running');
  });

  it('pauses every run of a project before it closes, each with a checkpoint', async () => {
    const { root, dataset, runs, trainer, sentTask, checkpointAt } = await setUp();
    const { run } = await runs.start({
      projectId: 'p',
      datasetId: dataset.id,
      preset: 'quick',
      settings: {},
    });
    const { jobId } = await sentTask(1);
    const closing = runs.pauseProject('p');
    await until(() => trainer.cancelled.includes(jobId));
    await checkpointAt(run.id, 7);
    trainer.say(jobId, { type: 'cancelled' });
    await closing;
    expect(await readRun(root, run.id)).toMatchObject({ state: 'paused' });
  });

  it('resumes on its own after the trainer died under the run, a limited number of times', async () => {
    const { root, dataset, runs, trainer, sentTask, checkpointAt, runEvents } = await setUp();
    const { run } = await runs.start({
      projectId: 'p',
      datasetId: dataset.id,
      preset: 'quick',
      settings: {},
    });
    await checkpointAt(run.id, 8);
    const crash = {
      type: 'failed' as const,
      error: 'The trainer process stopped unexpectedly.',
      crashed: true,
    };
    for (let attempt = 1; attempt <= 2; attempt++) {
      const { jobId } = await sentTask(attempt);
      trainer.say(jobId, crash);
      const { task } = await sentTask(attempt + 1);
      expect(task.resumeFrom).toBe('latest');
    }
    trainer.say((await sentTask(3)).jobId, crash);
    await expect.poll(async () => (await readRun(root, run.id)).state).toBe('failed');
    expect(trainer.tasks).toHaveLength(3);
    expect(runEvents.some((e) => e.type === 'changed' && e.run.state === 'interrupted')).toBe(true);
  });

  it('marks a run left "running" by a closed Ganvas as interrupted when the project is read again', async () => {
    const { root, dataset, runs, sentTask } = await setUp();
    const { run } = await runs.start({
      projectId: 'p',
      datasetId: dataset.id,
      preset: 'quick',
      settings: {},
    });
    await sentTask(1);
    const fresh = new TrainingRuns({
      projects: { root: () => root, changed: async () => ({}) as Project },
      jobs: new JobRegistry(() => undefined),
      trainer: new FakeTrainer(() => undefined),
      emit: () => undefined,
    });
    const [listed] = await fresh.list('p');
    expect(listed).toMatchObject({ id: run.id, state: 'interrupted' });
    expect(listed?.stateReason).toMatch(/Resume it from its last checkpoint/);
  });

  it('branches from a checkpoint with new settings, keeping the architecture', async () => {
    const { root, dataset, runs, trainer, sentTask, checkpointAt } = await setUp();
    const { run } = await runs.start({
      projectId: 'p',
      datasetId: dataset.id,
      preset: 'quick',
      settings: {},
    });
    await checkpointAt(run.id, 10);
    await checkpointAt(run.id, 20);
    trainer.say((await sentTask(1)).jobId, { type: 'cancelled' });
    await expect(
      runs.branch({ projectId: 'p', runId: run.id, step: 10, settings: { width: 64 } }),
    ).rejects.toThrow(/width cannot change/);
    const branched = await runs.branch({
      projectId: 'p',
      runId: run.id,
      step: 10,
      settings: { discriminatorLearningRate: 1e-4 },
    });
    const { task } = await sentTask(2);
    expect(task).toMatchObject({
      runId: branched.run.id,
      resumeFrom: 10,
      settings: { discriminatorLearningRate: 1e-4 },
    });
    expect(branched.run.parent).toEqual({ runId: run.id, step: 10 });
    const branchDir = runFolder(root, branched.run.id);
    expect((await listCheckpoints(branchDir)).map((c) => c.step)).toEqual([10]);
    expect((await readMetrics(branchDir)).map((p) => p.step)).toEqual([10]);
  });

  it('refuses to resume a run without a checkpoint, or to delete one that trains', async () => {
    const { root, dataset, runs } = await setUp();
    const { run } = await runs.start({
      projectId: 'p',
      datasetId: dataset.id,
      preset: 'quick',
      settings: {},
    });
    await expect(runs.delete('p', run.id)).rejects.toThrow(/Pause it first/);
    const stored = await readRun(root, run.id);
    await writeRun(root, { ...stored, state: 'paused' });
    const idle = new TrainingRuns({
      projects: { root: () => root, changed: async () => ({}) as Project },
      jobs: new JobRegistry(() => undefined),
      trainer: new FakeTrainer(() => undefined),
      emit: () => undefined,
    });
    await expect(idle.resume('p', run.id)).rejects.toThrow(/no checkpoint to resume from/);
  });
});
