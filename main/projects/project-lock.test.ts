import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireProjectLock, lockFile, readLockHolder } from './project-lock.js';

async function freshProject(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ganvas-lock-'));
}

describe('project lock', () => {
  it('lets one holder in and tells the second who holds it', async () => {
    const root = await freshProject();
    const lock = await acquireProjectLock(root, { app: 'Ganvas test', breakStale: false });
    await expect(acquireProjectLock(root, { app: 'Ganvas test', breakStale: true })).rejects.toThrow(
      /open in another Ganvas window.*process \d+/,
    );
    await lock.release();
    const again = await acquireProjectLock(root, { app: 'Ganvas test', breakStale: false });
    await again.release();
  });

  it('refuses to break a lock held by a live process, breaks one left by a dead process on request', async () => {
    const root = await freshProject();
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    await writeFile(
      join(root, lockFile),
      JSON.stringify({ pid: child.pid, hostname: hostname(), app: 'Ganvas', since: Date.now() }),
    );
    expect(await readLockHolder(root)).toMatchObject({ pid: child.pid, stale: false });
    await expect(acquireProjectLock(root, { app: 'x', breakStale: true })).rejects.toThrow(
      /another Ganvas window/,
    );

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(await readLockHolder(root)).toMatchObject({ stale: true });
    await expect(acquireProjectLock(root, { app: 'x', breakStale: false })).rejects.toThrow(
      /no longer running/,
    );
    const lock = await acquireProjectLock(root, { app: 'x', breakStale: true });
    expect(await readLockHolder(root)).toMatchObject({ pid: process.pid, stale: false });
    await lock.release();
  });

  it('treats a torn lock file as stale', async () => {
    const root = await freshProject();
    await writeFile(join(root, lockFile), '{"pid": 12');
    expect(await readLockHolder(root)).toMatchObject({ stale: true });
  });
});
