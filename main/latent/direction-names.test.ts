import { describe, expect, it } from 'vitest';
import { makeProject } from '../datasets/test-support/fixtures.js';
import { nameDirection, readDirectionNames } from './direction-names.js';

describe('direction names', () => {
  it('keeps names per run, checkpoint and direction, and forgets one given an empty name', async () => {
    const root = await makeProject();
    await nameDirection(root, { runId: 'r', step: 10, index: 0, name: 'darker' });
    await nameDirection(root, { runId: 'r', step: 10, index: 2, name: 'rounder' });
    await nameDirection(root, { runId: 'r', step: 20, index: 0, name: 'elsewhere' });
    expect(await readDirectionNames(root, 'r', 10)).toEqual(
      new Map([
        [0, 'darker'],
        [2, 'rounder'],
      ]),
    );
    await nameDirection(root, { runId: 'r', step: 10, index: 0, name: '' });
    expect(await readDirectionNames(root, 'r', 10)).toEqual(new Map([[2, 'rounder']]));
    expect(await readDirectionNames(root, 'r', 20)).toEqual(new Map([[0, 'elsewhere']]));
  });
});
