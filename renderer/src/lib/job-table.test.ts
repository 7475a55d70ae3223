import type { JobSummary } from '$contract';
import { describe, expect, it } from 'vitest';
import { activeJob, applyJobEvent, tableFromList, type JobTable } from './job-table.js';

function summary(id: string, overrides: Partial<JobSummary> = {}): JobSummary {
  return {
    id,
    kind: 'system:benchmark',
    title: 'Speed check',
    state: 'running',
    progress: null,
    error: null,
    startedAt: 1000,
    endedAt: null,
    ...overrides,
  };
}

describe('applyJobEvent', () => {
  it('tracks a job from start through progress to its result', () => {
    let table: JobTable = {};
    table = applyJobEvent(table, { type: 'started', job: summary('a') }, 1000);
    table = applyJobEvent(
      table,
      { type: 'progress', jobId: 'a', progress: { fraction: 0.5, message: '5 of 10' } },
      1500,
    );
    expect(table.a?.summary.progress).toEqual({ fraction: 0.5, message: '5 of 10' });
    table = applyJobEvent(table, { type: 'done', jobId: 'a', result: { gflopsPerSecond: 3 } }, 2000);
    expect(table.a?.summary).toMatchObject({ state: 'done', endedAt: 2000 });
    expect(table.a?.result).toEqual({ gflopsPerSecond: 3 });
  });

  it('records why a job failed, and cancellation', () => {
    let table: JobTable = { a: { summary: summary('a'), result: null, warnings: [] } };
    table = applyJobEvent(table, { type: 'failed', jobId: 'a', error: 'Trainer crashed' }, 5);
    expect(table.a?.summary).toMatchObject({ state: 'failed', error: 'Trainer crashed' });
    table = { b: { summary: summary('b'), result: null, warnings: [] } };
    table = applyJobEvent(table, { type: 'cancelled', jobId: 'b' }, 5);
    expect(table.b?.summary.state).toBe('cancelled');
  });

  it('collects warnings', () => {
    const table = applyJobEvent(
      { a: { summary: summary('a'), result: null, warnings: [] } },
      { type: 'warning', jobId: 'a', message: 'Slow backend' },
      1,
    );
    expect(table.a?.warnings).toEqual(['Slow backend']);
  });

  it('ignores events for jobs it never saw start', () => {
    const table: JobTable = {};
    expect(applyJobEvent(table, { type: 'cancelled', jobId: 'ghost' }, 1)).toBe(table);
  });
});

describe('tableFromList', () => {
  it('takes the service list as truth but keeps results already received', () => {
    const previous: JobTable = {
      a: { summary: summary('a', { state: 'done' }), result: 42, warnings: [] },
      gone: { summary: summary('gone'), result: null, warnings: [] },
    };
    const table = tableFromList(previous, [summary('a', { state: 'done' }), summary('b')]);
    expect(Object.keys(table).sort()).toEqual(['a', 'b']);
    expect(table.a?.result).toBe(42);
  });

  it('keeps a job ended when its final event overtook the list', () => {
    const previous: JobTable = {
      a: { summary: summary('a', { state: 'done', endedAt: 9 }), result: 1, warnings: [] },
    };
    expect(tableFromList(previous, [summary('a')]).a?.summary).toMatchObject({ state: 'done', endedAt: 9 });
  });
});

describe('activeJob', () => {
  it('picks the newest running job and ignores ended ones', () => {
    const table = tableFromList({}, [
      summary('old', { startedAt: 1 }),
      summary('new', { startedAt: 3 }),
      summary('ended', { startedAt: 9, state: 'done' }),
    ]);
    expect(activeJob(table)?.id).toBe('new');
    expect(activeJob({})).toBeNull();
  });
});
