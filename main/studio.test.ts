import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backendNames, type AppInfo, type JobEvent, type JobSummary } from './contract/index.js';
import { createStudio, type Studio } from './studio.js';
import { createNodeTrainerSpawner } from './training/node-trainer-spawner.js';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.dispose();
  studio = undefined;
});

async function startStudio(): Promise<{ studio: Studio; jobEvents: JobEvent[] }> {
  const jobEvents: JobEvent[] = [];
  studio = await createStudio({
    shell: 'cli',
    dataDir: await mkdtemp(join(tmpdir(), 'ganvas-studio-')),
    spawnTrainer: createNodeTrainerSpawner({ log: () => undefined }),
  });
  studio.onEvent((event, payload) => {
    if (event === 'jobs:event') jobEvents.push(payload as JobEvent);
  });
  return { studio, jobEvents };
}

async function value<T>(promise: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const outcome = await promise;
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
  return outcome.value as T;
}

async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('studio (service + supervised trainer)', () => {
  it('reports the backend it runs on, with a reason for every faster backend it skipped', async () => {
    const { studio } = await startStudio();
    await value(studio.call('backend:info', {}));
    const info = await value<AppInfo>(studio.call('app:info', {}));
    const chosen = backendNames.indexOf(info.backend?.name ?? 'cpu');
    // Here (no libtensorflow) that is wasm after both natives; with tfjs-node installed, fewer skips.
    expect(info.backend?.fallbacks.map((f) => f.backend)).toEqual(backendNames.slice(0, chosen));
    expect(info.backend?.fallbacks.every((f) => f.reason.length > 10)).toBe(true);
    expect(info.trainer.state).toBe('ready');
  });

  it('runs a job in the trainer, and survives the trainer being killed mid-job', async () => {
    const { studio, jobEvents } = await startStudio();
    await value(studio.call('backend:info', {}));

    const { jobId } = await value<{ jobId: string }>(
      studio.call('system:benchmark', { iterations: 1000, size: 32 }),
    );
    await until(() => jobEvents.some((e) => e.type === 'progress' && e.jobId === jobId));
    const before = await value<AppInfo>(studio.call('app:info', {}));
    expect(before.trainer.pid).toBeTypeOf('number');
    process.kill(before.trainer.pid as number, 'SIGKILL');

    await until(() => jobEvents.some((e) => e.type === 'failed' && e.jobId === jobId));
    const failed = jobEvents.find((e) => e.type === 'failed' && e.jobId === jobId);
    expect(failed).toMatchObject({ error: expect.stringMatching(/trainer process stopped/i) });
    const jobs = await value<JobSummary[]>(studio.call('jobs:list', {}));
    expect(jobs.find((j) => j.id === jobId)?.state).toBe('failed');

    // The service is still up, a new trainer takes the next job and finishes it.
    const second = await value<{ jobId: string }>(
      studio.call('system:benchmark', { iterations: 2, size: 32 }),
    );
    await until(() => jobEvents.some((e) => e.type === 'done' && e.jobId === second.jobId));
    const after = await value<AppInfo>(studio.call('app:info', {}));
    expect(after.trainer.pid).not.toBe(before.trainer.pid);
    expect(after.trainer.restarts).toBeGreaterThanOrEqual(1);
  });

  it('cancels a running job', async () => {
    const { studio, jobEvents } = await startStudio();
    const { jobId } = await value<{ jobId: string }>(
      studio.call('system:benchmark', { iterations: 1000, size: 32 }),
    );
    await until(() => jobEvents.some((e) => e.type === 'progress' && e.jobId === jobId));
    await value(studio.call('jobs:cancel', { jobId }));
    await until(() => jobEvents.some((e) => e.type === 'cancelled' && e.jobId === jobId));
  });

  it('refuses a malformed call before it reaches a handler', async () => {
    const { studio } = await startStudio();
    const outcome = await studio.call('jobs:cancel', { jobId: { $gt: '' } });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    const unknown = await studio.call('jobs:cancel', { jobId: 'nope' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
