import { afterEach, describe, expect, it } from 'vitest';
import type { Project, RunEvent } from '../contract/index.js';
import { makeProjectWithImages } from '../datasets/test-support/fixtures.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { createNodeTrainerSpawner } from '../training/node-trainer-spawner.js';
import { readMetrics, runFolder } from '../training/run-files.js';
import { readRun } from '../training/run-store.js';
import { TrainerSupervisor } from '../training/trainer-supervisor.js';
import { TrainingRuns } from './training-runs.js';

/**
 * A real trainer process is killed (SIGKILL, as an out-of-memory killer would) in the middle of a
 * training run: the supervisor starts a new one, the run resumes by itself from its last checkpoint
 * and finishes with one continuous curve, every step exactly once.
 */
describe('a training run whose trainer is killed', () => {
  let supervisor: TrainerSupervisor | undefined;
  afterEach(async () => {
    await supervisor?.stop();
  });

  it('resumes from its last checkpoint through the supervisor and finishes with a continuous curve', async () => {
    const { root, dataset } = await makeProjectWithImages(6);

    const runEvents: RunEvent[] = [];
    const jobs = new JobRegistry(() => undefined);
    const spawn = createNodeTrainerSpawner({ log: () => undefined });
    const trainer: TrainerSupervisor = new TrainerSupervisor({
      spawn: (env) => spawn({ ...env, GANVAS_BACKEND: '' }),
      preference: () => 'wasm',
      onStatus: () => undefined,
      onBackend: () => undefined,
      onJobEvent: (jobId, event) => {
        runs.onJobEvent(jobId, event);
        if (event.type === 'done') jobs.finish(jobId, event.result);
        if (event.type === 'failed') jobs.fail(jobId, event.error);
        if (event.type === 'cancelled') jobs.cancelled(jobId);
      },
    });
    supervisor = trainer;
    const runs: TrainingRuns = new TrainingRuns({
      projects: { root: () => root, changed: async () => ({}) as Project },
      jobs,
      trainer,
      emit: (event) => runEvents.push(event),
    });
    trainer.start();
    await trainer.whenReady(60_000);

    const { run } = await runs.start({
      projectId: 'p',
      datasetId: dataset.id,
      preset: 'quick',
      settings: {
        width: 8,
        latentDim: 16,
        batchSize: 4,
        totalSteps: 90,
        checkpointEvery: 20,
        sampleEvery: 1000,
      },
    });
    await until(() => runEvents.some((e) => e.type === 'checkpoint' && e.checkpoint.step >= 40), 120_000);
    const pid = trainer.status().pid;
    expect(pid).not.toBeNull();
    process.kill(pid ?? 0, 'SIGKILL');

    await until(() => runEvents.some((e) => e.type === 'changed' && e.run.state === 'finished'), 180_000);
    expect(runEvents.some((e) => e.type === 'changed' && e.run.state === 'interrupted')).toBe(true);
    expect(await readRun(root, run.id)).toMatchObject({ state: 'finished' });
    const steps = (await readMetrics(runFolder(root, run.id))).map((point) => point.step);
    expect(steps).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    expect(trainer.status().restarts).toBe(1);
  }, 300_000);
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
