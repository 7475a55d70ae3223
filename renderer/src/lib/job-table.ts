import type { JobEvent, JobSummary } from '$contract';

/** What the client knows of one job: its summary, and the result or reason once it has ended. */
export interface TrackedJob {
  summary: JobSummary;
  result: unknown;
  warnings: string[];
}

export type JobTable = Record<string, TrackedJob>;

const endStates = { done: 'done', failed: 'failed', cancelled: 'cancelled' } as const;

/**
 * Folds one job event into the table. Events for jobs the table has not seen start are ignored: after a
 * reconnection the client reloads `jobs:list` rather than guess a summary from a progress message.
 */
export function applyJobEvent(table: JobTable, event: JobEvent, now: number): JobTable {
  if (event.type === 'started') {
    return { ...table, [event.job.id]: { summary: event.job, result: null, warnings: [] } };
  }
  const tracked = table[event.jobId];
  if (!tracked) return table;
  const summary = tracked.summary;
  switch (event.type) {
    case 'progress':
      return { ...table, [event.jobId]: { ...tracked, summary: { ...summary, progress: event.progress } } };
    case 'warning':
      return { ...table, [event.jobId]: { ...tracked, warnings: [...tracked.warnings, event.message] } };
    case 'done':
    case 'failed':
    case 'cancelled': {
      const ended: JobSummary = {
        ...summary,
        state: endStates[event.type],
        error: event.type === 'failed' ? event.error : summary.error,
        endedAt: summary.endedAt ?? now,
      };
      const result = event.type === 'done' ? event.result : tracked.result;
      return { ...table, [event.jobId]: { ...tracked, summary: ended, result } };
    }
  }
}

/**
 * Takes the service's list as the truth, with one exception: a job this client already saw end stays
 * ended, because its final event can overtake the list that was requested before it.
 */
export function tableFromList(previous: JobTable, list: JobSummary[]): JobTable {
  const table: JobTable = {};
  for (const summary of list) {
    const known = previous[summary.id];
    const keepKnown = known !== undefined && isEnded(known.summary) && !isEnded(summary);
    table[summary.id] = {
      summary: keepKnown ? known.summary : summary,
      result: known?.result ?? null,
      warnings: known?.warnings ?? [],
    };
  }
  return table;
}

function isEnded(summary: JobSummary): boolean {
  return summary.state === 'done' || summary.state === 'failed' || summary.state === 'cancelled';
}

/** The job the status bar shows: the most recently started one still running or queued. */
export function activeJob(table: JobTable): JobSummary | null {
  let active: JobSummary | null = null;
  for (const { summary } of Object.values(table)) {
    if (summary.state !== 'running' && summary.state !== 'queued') continue;
    if (!active || summary.startedAt > active.startedAt) active = summary;
  }
  return active;
}
