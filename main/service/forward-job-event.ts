import type { JobRegistry } from '../jobs/job-registry.js';
import type { TrainerJobEvent } from '../training/trainer-protocol.js';

/**
 * A trainer-process job event as the job registry's event: progress, warnings and how the job
 * ended. Events only runs care about (curves, samples, checkpoints, health) are left to them.
 */
export function forwardJobEvent(jobs: JobRegistry, jobId: string, event: TrainerJobEvent): void {
  switch (event.type) {
    case 'progress':
      return jobs.progress(jobId, event.progress);
    case 'warning':
      return jobs.warn(jobId, event.message);
    case 'done':
      return jobs.finish(jobId, event.result);
    case 'failed':
      return jobs.fail(jobId, event.error);
    case 'cancelled':
      return jobs.cancelled(jobId);
    default:
      return undefined;
  }
}
