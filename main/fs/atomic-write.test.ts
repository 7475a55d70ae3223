import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

  it('leaves a whole file however often the writer is killed mid-write', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ganvas-atomic-'));
    const target = join(folder, 'project.json');
    const script = fileURLToPath(new URL('./test-support/rewrite-forever.ts', import.meta.url));
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', script, target], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 5 + round * 13));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const saved = JSON.parse(await readFile(target, 'utf8')) as { generation: number; padding: string };
      expect(saved.generation).toBeGreaterThanOrEqual(5);
      expect(saved.padding).toHaveLength(64 * 1024);
    }
  });
});
