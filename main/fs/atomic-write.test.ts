import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.js';

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temp files behind', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ganvas-atomic-'));
    const target = join(folder, 'settings.json');
    await writeFile(target, 'old');
    await writeJsonAtomic(target, { theme: 'dark' });
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ theme: 'dark' });
    expect(await readdir(folder)).toEqual(['settings.json']);
  });

  it('keeps the old file intact when the write fails', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ganvas-atomic-'));
    const target = join(folder, 'data.bin');
    await writeFile(target, 'precious');
    await expect(writeFileAtomic(join(folder, 'missing-dir', 'x'), 'new')).rejects.toThrow();
    expect(await readFile(target, 'utf8')).toBe('precious');
  });
});
