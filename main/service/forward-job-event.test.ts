import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../contract/index.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { forwardJobEvent } from './forward-job-event.js';

describe('forwardJobEvent', () => {
  it('turns progress, warnings and the end into job events, and leaves run-only events alone', () => {
    const seen: JobEvent[] = [];
    const jobs = new JobRegistry((event) => seen.push(event));
    const job = jobs.create('translate:folder', 'Translating');
    forwardJobEvent(jobs, job.id, { type: 'progress', progress: { fraction: 0.5, message: 'Half' } });
    forwardJobEvent(jobs, job.id, { type: 'warning', message: 'Skipped notes.txt' });
    forwardJobEvent(jobs, job.id, { type: 'sample', step: 3 });
    forwardJobEvent(jobs, job.id, { type: 'done', result: { written: 2 } });
    expect(seen.map((event) => event.type)).toEqual(['started', 'progress', 'warning', 'done']);
    expect(jobs.get(job.id)?.state).toBe('done');
  });
});
