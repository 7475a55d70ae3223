import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireProjectLock, lockFile, readLockHolder } from './project-lock.js';

const holderScript = fileURLToPath(new URL('./test-support/hold-project-lock.ts', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

async function freshProject(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ganvas-lock-'));
}

/** Another process (as another Ganvas window would be) that takes the project's lock. */
async function lockInAnotherProcess(root: string): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, ['--import', 'tsx', holderScript, root]);
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return child;
}

async function kill(child: ChildProcessWithoutNullStreams): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('project lock', () => {
  it('lets one holder in and tells the second who holds it', async () => {
    const root = await freshProject();
    const lock = await acquireProjectLock(root, { app: 'Ganvas test', breakStale: false });
    await expect(acquireProjectLock(root, { app: 'Ganvas test', breakStale: true })).rejects.toThrow(
      new RegExp(
        `open in another Ganvas window \\(pid ${process.pid} on ${hostname()} since .*Close it there`,
      ),
    );
    await lock.release();
    const again = await acquireProjectLock(root, { app: 'Ganvas test', breakStale: false });
    await again.release();
  });

  it('never breaks the lock of a live process, and breaks one whose process was killed only on request', async () => {
    const root = await freshProject();
    const child = await lockInAnotherProcess(root);
    expect(await readLockHolder(root)).toMatchObject({
      pid: child.pid,
      hostname: hostname(),
      app: 'Ganvas lock holder',
      stale: false,
    });
    for (const breakStale of [false, true]) {
      await expect(acquireProjectLock(root, { app: 'x', breakStale })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(new RegExp(`another Ganvas window \\(pid ${child.pid} `)),
      });
    }

    await kill(child);
    expect(await readLockHolder(root)).toMatchObject({ pid: child.pid, stale: true });
    await expect(acquireProjectLock(root, { app: 'x', breakStale: false })).rejects.toThrow(
      /no longer running.*break the stale lock/,
    );
    const lock = await acquireProjectLock(root, { app: 'x', breakStale: true });
    expect(await readLockHolder(root)).toMatchObject({ pid: process.pid, stale: false });
    await lock.release();
    expect(await readLockHolder(root)).toBeNull();
  });

  it('tells a user on another computer how to free a project locked there', async () => {
    const root = await freshProject();
    const since = Date.now();
    await writeFile(
      join(root, lockFile),
      JSON.stringify({ pid: 1, hostname: 'studio-mac.local', app: 'Ganvas', since }),
    );
    // Another host's process cannot be checked from here, so it is never called stale.
    expect(await readLockHolder(root)).toMatchObject({ stale: false });
    await expect(acquireProjectLock(root, { app: 'x', breakStale: true })).rejects.toThrow(
      /pid 1 on studio-mac\.local.*delete \.ganvas\.lock in the project folder/,
    );
  });

  it('treats a torn lock file as stale once it is more than a few seconds old', async () => {
    const root = await freshProject();
    const path = join(root, lockFile);
    await writeFile(path, '{"pid": 12');
    // Seconds old: its writer may be filling it in right now.
    expect(await readLockHolder(root)).toMatchObject({ stale: false });
    const old = new Date(Date.now() - 60_000);
    await utimes(path, old, old);
    expect(await readLockHolder(root)).toMatchObject({ stale: true });
    const lock = await acquireProjectLock(root, { app: 'x', breakStale: true });
    await lock.release();
  });

  it('releases only its own lock, never one another window took after it was broken', async () => {
    const root = await freshProject();
    const lock = await acquireProjectLock(root, { app: 'first', breakStale: false });
    const someoneElse = JSON.stringify({ pid: 1, hostname: 'elsewhere', app: 'second', since: 5 });
    await writeFile(join(root, lockFile), someoneElse);
    await lock.release();
    expect(await readFile(join(root, lockFile), 'utf8')).toBe(someoneElse);
  });
});
