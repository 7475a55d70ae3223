import type { JobRegistry } from '../jobs/job-registry.js';
import type { TrainerJobEvent, TrainerTask } from '../training/trainer-protocol.js';
import type { ExplorerProcess } from './explorer-process.js';

/**
 * Where export jobs run: the explorer's process, not the training one, so an export made while a
 * model trains starts at once instead of after the whole run. Its events become the job's events.
 */
export function exportLane(explorer: Pick<ExplorerProcess, 'runJob' | 'cancel'>, jobs: JobRegistry) {
  const forward = (jobId: string, event: TrainerJobEvent) => {
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
  };
  return {
    run: (jobId: string, task: TrainerTask) => explorer.runJob(jobId, task, (event) => forward(jobId, event)),
    cancel: (jobId: string) => explorer.cancel(jobId),
  };
}
