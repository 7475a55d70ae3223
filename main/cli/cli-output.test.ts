import { describe, expect, it } from 'vitest';
import { createCliOutput } from './cli-output.js';

describe('createCliOutput', () => {
  it('prints one JSON object per line with --json', () => {
    const out: string[] = [];
    const output = createCliOutput(
      true,
      (l) => out.push(l),
      (l) => out.push(`stderr:${l}`),
    );
    output.progress({ step: 1 }, 'step 1');
    output.result({ version: '1' }, 'v1');
    output.error('bad');
    expect(out.map((l) => JSON.parse(l) as unknown)).toEqual([
      { type: 'progress', step: 1 },
      { type: 'result', version: '1' },
      { type: 'error', message: 'bad' },
    ]);
  });

  it('prints sentences without --json, progress and errors on stderr', () => {
    const out: string[] = [];
    const output = createCliOutput(
      false,
      (l) => out.push(l),
      (l) => out.push(`stderr:${l}`),
    );
    output.progress({ step: 1 }, 'step 1');
    output.result({}, 'done');
    output.error('bad');
    expect(out).toEqual(['stderr:step 1', 'done', 'stderr:Error: bad']);
  });
});
