import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../contract/index.js';
import { JobRegistry } from '../jobs/job-registry.js';
import type { TrainerJobEvent, TrainerTask } from '../training/trainer-protocol.js';
import { exportLane } from './export-lane.js';

describe('the export lane', () => {
  it('runs export jobs in the explorer process and turns their events into the job’s', () => {
    const events: JobEvent[] = [];
    const jobs = new JobRegistry((event) => events.push(event));
    const started: string[] = [];
    const cancelled: string[] = [];
    let emit: (event: TrainerJobEvent) => void = () => undefined;
    const lane = exportLane(
      {
        runJob: (jobId, _task, onEvent) => {
          started.push(jobId);
          emit = onEvent;
        },
        cancel: (jobId) => cancelled.push(jobId),
      },
      jobs,
    );
    const job = jobs.create('export:images', 'Exporting', () => lane.cancel(job.id));
    lane.run(job.id, { kind: 'benchmark', iterations: 1, size: 32 } as TrainerTask);
    expect(started).toEqual([job.id]);
    emit({ type: 'progress', progress: { fraction: 0.5, message: 'Wrote 1 of 2' } });
    emit({ type: 'done', result: { files: ['exports/a.png'] } });
    expect(events.map((e) => e.type)).toEqual(['started', 'progress', 'done']);
    expect(jobs.get(job.id)?.state).toBe('done');
    const second = jobs.create('export:sheet', 'Exporting', () => lane.cancel(second.id));
    lane.run(second.id, { kind: 'benchmark', iterations: 1, size: 32 } as TrainerTask);
    jobs.requestCancel(second.id, false);
    expect(cancelled).toEqual([second.id]);
    emit({ type: 'cancelled' });
    expect(jobs.get(second.id)?.state).toBe('cancelled');
  });
});
