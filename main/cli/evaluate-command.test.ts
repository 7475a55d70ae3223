import { describe, expect, it } from 'vitest';
import { parseEvaluateArgs } from './evaluate-command.js';

describe('ganvas evaluate arguments', () => {
  it('evaluates the newest checkpoint of the newest run by default', () => {
    const request = parseEvaluateArgs(['P.ganvas']);
    expect(request).toMatchObject({ runId: undefined, checkpoint: 'newest', count: 256 });
    expect(request.project).toMatch(/P\.ganvas$/);
  });

  it('takes a run, a step or all, and a sample count', () => {
    expect(parseEvaluateArgs(['P', '--run', 'r1', '--checkpoint', 'all', '--count', '64'])).toMatchObject({
      runId: 'r1',
      checkpoint: 'all',
      count: 64,
    });
    expect(parseEvaluateArgs(['P', '--checkpoint', '400', '--json']).checkpoint).toBe(400);
  });

  it('says what is wrong', () => {
    expect(() => parseEvaluateArgs([])).toThrow(/one project/);
    expect(() => parseEvaluateArgs(['P', '--checkpoint', 'last'])).toThrow(/a step, “all” or “newest”/);
    expect(() => parseEvaluateArgs(['P', '--count', '4'])).toThrow(/16 to 1024/);
  });
});
