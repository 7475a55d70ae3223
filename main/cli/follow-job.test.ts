import { describe, expect, it } from 'vitest';
import type { CliOutput } from './cli-output.js';
import { jobSucceeded } from './follow-job.js';

function recording(): CliOutput & { errors: string[] } {
  const errors: string[] = [];
  return {
    json: false,
    errors,
    progress: () => undefined,
    result: () => undefined,
    error: (m) => errors.push(m),
  };
}

describe('jobSucceeded', () => {
  it('passes a finished job, and says why a failed or stopped one did not finish', () => {
    const output = recording();
    expect(jobSucceeded(output, { type: 'done', jobId: 'j', result: 1 }, 'Stopped.')).toBe(true);
    expect(
      jobSucceeded(output, { type: 'failed', jobId: 'j', error: 'No checkpoint yet.' }, 'Stopped.'),
    ).toBe(false);
    expect(jobSucceeded(output, { type: 'cancelled', jobId: 'j' }, 'Stopped; kept what was written.')).toBe(
      false,
    );
    expect(output.errors).toEqual(['No checkpoint yet.', 'Stopped; kept what was written.']);
  });
});
