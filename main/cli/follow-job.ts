import type { JobEvent } from '../contract/index.js';
import type { Studio } from '../studio.js';
import type { CliOutput } from './cli-output.js';

export type JobEnd = Exclude<JobEvent, { type: 'started' | 'progress' | 'warning' }>;

export interface FollowJobOptions {
  /** Starts the job; events that arrive before it answers are kept and replayed. */
  start: () => Promise<string>;
  /** What Ctrl-C (and SIGTERM) does: by default, cancel the job keeping what it did. */
  interrupt?: (jobId: string) => Promise<unknown>;
  /** Progress lines; by default the job's own message with its ETA. */
  showProgress?: boolean;
  /** The job's warnings (off when the command prints richer ones of its own). */
  showWarnings?: boolean;
}

/**
 * Starts a job and follows its events to the end, printing progress and warnings by the CLI's
 * output rules. SIGINT and SIGTERM stop the job the clean way (the job ends, then the command).
 */
export async function followJob(
  studio: Studio,
  output: CliOutput,
  options: FollowJobOptions,
): Promise<JobEnd> {
  let jobId: string | null = null;
  const early: JobEvent[] = [];
  let finish: (event: JobEnd) => void = () => undefined;
  const finished = new Promise<JobEnd>((resolveEnd) => (finish = resolveEnd));
  const handle = (event: JobEvent) => {
    if (event.type === 'started' || event.jobId !== jobId) return;
    if (event.type === 'progress') {
      if (options.showProgress === false) return;
      const { done, total, etaSeconds } = event.progress;
      const eta =
        etaSeconds === null || etaSeconds === undefined ? '' : ` · about ${Math.ceil(etaSeconds)} s left`;
      output.progress(
        { done, total, etaSeconds, message: event.progress.message },
        `${event.progress.message}${eta}`,
      );
    } else if (event.type === 'warning') {
      if (options.showWarnings === false) return;
      output.progress({ warning: event.message }, `Warning: ${event.message}`);
    } else finish(event);
  };
  const unsubscribe = studio.onEvent((name, payload) => {
    if (name !== 'jobs:event') return;
    if (jobId === null) early.push(payload as JobEvent);
    else handle(payload as JobEvent);
  });
  let interrupted = false;
  const interrupt = () => {
    if (!jobId || interrupted) return;
    interrupted = true;
    output.progress({ interrupted: true }, 'Stopping cleanly…');
    const stop = options.interrupt ?? ((id) => studio.call('jobs:cancel', { jobId: id, keepPartial: true }));
    void stop(jobId).catch(() => undefined);
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    jobId = await options.start();
    early.forEach(handle);
    return await finished;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    unsubscribe();
  }
}

/**
 * True when the job finished; otherwise prints why it did not (its error, or `stopped` when it was
 * cancelled) so the command can exit 1.
 */
export function jobSucceeded(
  output: CliOutput,
  end: JobEnd,
  stopped: string,
): end is Extract<JobEnd, { type: 'done' }> {
  if (end.type === 'failed') output.error(end.error);
  else if (end.type === 'cancelled') output.error(stopped);
  return end.type === 'done';
}
