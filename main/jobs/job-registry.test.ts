import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../contract/index.js';
import { JobRegistry } from './job-registry.js';

function registry() {
  const events: JobEvent[] = [];
  let clock = 1000;
  const jobs = new JobRegistry(
    (event) => events.push(event),
    () => clock++,
  );
  return { jobs, events };
}

describe('JobRegistry', () => {
  it('announces a job, its progress and its end', () => {
    const { jobs, events } = registry();
    const job = jobs.create('system:benchmark', 'Speed check');
    jobs.progress(job.id, { fraction: 0.5, message: 'half' });
    jobs.finish(job.id, { ok: 1 });
    expect(events.map((e) => e.type)).toEqual(['started', 'progress', 'done']);
    expect(jobs.get(job.id)).toMatchObject({ state: 'done', progress: { fraction: 0.5 } });
    expect(jobs.get(job.id)?.endedAt).not.toBeNull();
  });

  it('ignores updates after a job ended, so a dying process cannot revive it', () => {
    const { jobs, events } = registry();
    const job = jobs.create('system:benchmark', 'Speed check');
    jobs.fail(job.id, 'The trainer process stopped.');
    jobs.progress(job.id, { fraction: 0.9, message: 'late' });
    jobs.finish(job.id, {});
    jobs.cancelled(job.id);
    expect(events.map((e) => e.type)).toEqual(['started', 'failed']);
    expect(jobs.get(job.id)).toMatchObject({ state: 'failed', error: 'The trainer process stopped.' });
  });

  it('lists running jobs only while they run', () => {
    const { jobs } = registry();
    const a = jobs.create('system:benchmark', 'a');
    const b = jobs.create('system:benchmark', 'b');
    jobs.cancelled(a.id);
    expect(jobs.running().map((j) => j.id)).toEqual([b.id]);
    expect(jobs.list()).toHaveLength(2);
  });

  it('routes a cancel request to the job runner, once the job has ended no more', () => {
    const { jobs } = registry();
    const requests: boolean[] = [];
    const job = jobs.create('datasets:import', 'Import', (keep) => requests.push(keep));
    expect(jobs.requestCancel(job.id, false)).toBe(true);
    jobs.cancelled(job.id);
    expect(jobs.requestCancel(job.id, true)).toBe(false);
    expect(requests).toEqual([false]);
  });
});
