import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeLeftoverTempFiles } from './leftover-temp-files.js';

describe('removeLeftoverTempFiles', () => {
  it('removes only the temp files of interrupted atomic writes', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ganvas-leftovers-'));
    await writeFile(join(folder, 'project.json'), '{}');
    await writeFile(join(folder, '.project.json.0123456789ab.tmp'), '{"tor');
    await writeFile(join(folder, '.hidden-note.tmp'), 'mine');
    expect(await removeLeftoverTempFiles([folder, join(folder, 'missing')])).toBe(1);
    expect((await readdir(folder)).sort()).toEqual(['.hidden-note.tmp', 'project.json']);
  });
});
