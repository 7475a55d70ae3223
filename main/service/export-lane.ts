import type { JobRegistry } from '../jobs/job-registry.js';
import type { TrainerTask } from '../training/trainer-protocol.js';
import type { ExplorerProcess } from './explorer-process.js';
import { forwardJobEvent } from './forward-job-event.js';

/**
 * Where export jobs run: the explorer's process, not the training one, so an export made while a
 * model trains starts at once instead of after the whole run. Its events become the job's events.
 */
export function exportLane(explorer: Pick<ExplorerProcess, 'runJob' | 'cancel'>, jobs: JobRegistry) {
  return {
    run: (jobId: string, task: TrainerTask) =>
      explorer.runJob(jobId, task, (event) => forwardJobEvent(jobs, jobId, event)),
    cancel: (jobId: string) => explorer.cancel(jobId),
  };
}
