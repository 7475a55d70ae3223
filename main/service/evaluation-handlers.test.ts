import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobEvent, Project, RunEvent } from '../contract/index.js';
import { makeProjectWithImages } from '../datasets/test-support/fixtures.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { checkpointFolder, runFolder } from '../training/run-files.js';
import { createRun, readRun } from '../training/run-store.js';
import type { TrainerJobEvent, TrainerTask } from '../training/trainer-protocol.js';
import { presets } from '../contract/index.js';
import { chooseSteps, EvaluationJobs } from './evaluation-handlers.js';
import { TrainingRuns } from './training-runs.js';

async function setUp() {
  const { root, dataset } = await makeProjectWithImages(8);
  const jobEvents: JobEvent[] = [];
  const runEvents: RunEvent[] = [];
  const jobs = new JobRegistry((event) => jobEvents.push(event));
  const tasks: { jobId: string; task: TrainerTask }[] = [];
  const cancelled: string[] = [];
  const trainer = {
    run: (jobId: string, task: TrainerTask) => tasks.push({ jobId, task }),
    cancel: (jobId: string) => cancelled.push(jobId),
    backend: () => ({ name: 'cpu' }),
  };
  const projects = { root: () => root, changed: async () => ({}) as Project };
  const runs = new TrainingRuns({ projects, jobs, trainer, emit: (event) => runEvents.push(event) });
  const evaluations = new EvaluationJobs({
    projects,
    jobs,
    trainer,
    addRunWarning: (projectId, runId, warning) => runs.addWarning(projectId, runId, warning),
  });
  /** What the trainer process does with a job's events in the studio. */
  const say = (jobId: string, event: TrainerJobEvent) => {
    evaluations.onJobEvent(jobId, event);
    if (event.type === 'done') jobs.finish(jobId, event.result);
  };
  const run = await createRun(root, {
    name: 'Shapes',
    datasetId: dataset.id,
    domain: 'main',
    preset: 'quick',
    settings: presets.quick.settings,
    parent: null,
  });
  const checkpointAt = async (step: number) => {
    const folder = checkpointFolder(runFolder(root, run.id), step);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'checkpoint.json'), '{}');
  };
  return { root, run, jobs, jobEvents, runEvents, tasks, cancelled, evaluations, say, checkpointAt };
}

async function until(condition: () => boolean, timeoutMs = 5000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const info = (step: number) => ({ step, bytes: 0, createdAt: 0 });

describe('chooseSteps', () => {
  it('picks the newest, all, or one step, and says what to do otherwise', () => {
    const checkpoints = [info(200), info(0), info(100)];
    expect(chooseSteps(checkpoints, 'newest')).toEqual([200]);
    expect(chooseSteps(checkpoints, 'all')).toEqual([0, 100, 200]);
    expect(chooseSteps(checkpoints, 100)).toEqual([100]);
    expect(() => chooseSteps(checkpoints, 50)).toThrow(/no checkpoint at step 50; it has 0, 100, 200/);
    expect(() => chooseSteps([], 'newest')).toThrow(/no checkpoint yet/);
  });

  it('spreads a long run’s checkpoints evenly, first and newest included', () => {
    const steps = chooseSteps(
      Array.from({ length: 100 }, (_, i) => info(i * 10)),
      'all',
    );
    expect(steps).toHaveLength(40);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(990);
  });
});

describe('EvaluationJobs', () => {
  it('starts a job with an evaluate task, and puts its warnings on the run’s dashboard', async () => {
    const { root, run, tasks, jobs, runEvents, evaluations, say, checkpointAt } = await setUp();
    await checkpointAt(0);
    await checkpointAt(50);
    const { jobId, steps } = await evaluations.handlers()['runs:evaluate']({
      projectId: 'p',
      runId: run.id,
      checkpoint: 'all',
      count: 64,
      useEma: true,
    });
    expect(steps).toEqual([0, 50]);
    await until(() => tasks.length === 1);
    expect(tasks[0]).toEqual({
      jobId,
      task: {
        kind: 'evaluate',
        projectRoot: root,
        runId: run.id,
        datasetId: run.datasetId,
        domain: 'main',
        steps: [0, 50],
        model: 'dcgan',
        count: 64,
        seed: 0,
        useEma: true,
      },
    });
    expect(jobs.get(jobId)?.kind).toBe('runs:evaluate');
    const warning = { code: 'mode-collapse' as const, message: 'The samples repeat.', step: 50 };
    say(jobId, { type: 'health', warning });
    await until(() => runEvents.length === 1);
    expect(runEvents[0]).toEqual({ type: 'warning', projectId: 'p', runId: run.id, warning });
    expect((await readRun(root, run.id)).warnings).toEqual([warning]);
    // The same checkpoint evaluated again adds nothing.
    say(jobId, { type: 'health', warning });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await readRun(root, run.id)).warnings).toEqual([warning]);
    expect(runEvents).toHaveLength(1);
    say(jobId, { type: 'done', result: { steps: [0, 50], verdict: 'Collapsed' } });
    expect(jobs.get(jobId)?.state).toBe('done');
    // Once done, the job's id means nothing here any more.
    expect(evaluations.onJobEvent(jobId, { type: 'health', warning })).toBe(false);
  });

  it('reads what was evaluated (nothing yet), and refuses a run without checkpoints', async () => {
    const { run, evaluations } = await setUp();
    const handlers = evaluations.handlers();
    expect(await handlers['runs:evaluation']({ projectId: 'p', runId: run.id })).toEqual({
      schemaVersion: 1,
      runId: run.id,
      checkpoints: [],
      problem: null,
    });
    await expect(
      handlers['runs:evaluate']({
        projectId: 'p',
        runId: run.id,
        checkpoint: 'newest',
        count: 64,
        useEma: true,
      }),
    ).rejects.toThrow(/no checkpoint yet/);
  });

  it('reports a damaged evaluation file instead of failing', async () => {
    const { root, run, evaluations } = await setUp();
    await writeFile(join(runFolder(root, run.id), 'evaluation.json'), 'not json');
    const read = await evaluations.handlers()['runs:evaluation']({ projectId: 'p', runId: run.id });
    expect(read.checkpoints).toEqual([]);
    expect(read.problem).toMatch(/damaged/);
  });

  it('cancels through the trainer once the task is sent', async () => {
    const { run, tasks, jobs, cancelled, evaluations, checkpointAt } = await setUp();
    await checkpointAt(10);
    const { jobId } = await evaluations.handlers()['runs:evaluate']({
      projectId: 'p',
      runId: run.id,
      checkpoint: 10,
      count: 64,
      useEma: false,
    });
    await until(() => tasks.length === 1);
    jobs.requestCancel(jobId, false);
    expect(cancelled).toEqual([jobId]);
  });
});
