import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { ProjectLockHolder } from '../contract/index.js';
import { ServiceFailure } from '../service/service-error.js';

export const lockFile = '.ganvas.lock';

/** A lock file younger than this that cannot be parsed is most likely being written right now. */
const freshTornLockMs = 5_000;

const LockContent = z.object({
  pid: z.number().int(),
  hostname: z.string(),
  app: z.string(),
  since: z.number(),
});

export interface ProjectLock {
  release(): Promise<void>;
}

/** Whether a process still runs on this machine (signal 0 checks without touching it). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readLockHolder(root: string): Promise<ProjectLockHolder | null> {
  return readHolderAt(join(root, lockFile));
}

async function readHolderAt(path: string): Promise<ProjectLockHolder | null> {
  let text: string;
  let modified: number;
  try {
    [text, modified] = await Promise.all([readFile(path, 'utf8'), stat(path).then((info) => info.mtimeMs)]);
  } catch {
    return null;
  }
  const parsed = LockContent.safeParse(safeJson(text));
  if (!parsed.success) {
    // A torn lock (its writer was killed between creating and filling it) protects nothing, unless
    // it is seconds old: then its writer is probably filling it in right now.
    const stale = Date.now() - modified > freshTornLockMs;
    return { pid: 0, hostname: hostname(), app: 'an unknown Ganvas', since: modified, stale };
  }
  const holder = parsed.data;
  return { ...holder, stale: holder.hostname === hostname() && !processAlive(holder.pid) };
}

/**
 * Takes a project's lock so two windows or processes never write one project at once. The lock file
 * is created exclusively; a lock whose holder is gone can be broken on request, a live one never.
 */
export async function acquireProjectLock(
  root: string,
  options: { app: string; breakStale: boolean },
): Promise<ProjectLock> {
  const path = join(root, lockFile);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      const since = Date.now();
      try {
        await handle.writeFile(
          JSON.stringify({ pid: process.pid, hostname: hostname(), app: options.app, since }),
        );
        await handle.sync();
      } catch (error) {
        await handle.close();
        await rm(path, { force: true }); // an empty lock (a full disk) would only get in the way
        throw error;
      }
      await handle.close();
      return { release: () => releaseIfOurs(path, since) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new ServiceFailure('not-found', `${root} no longer exists.`);
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        throw new ServiceFailure(
          'conflict',
          `${root} cannot be written (${code}), so Ganvas cannot open it safely. Copy the project to a folder you can write to, or fix its permissions.`,
        );
      }
      if (code !== 'EEXIST') throw error;
    }
    const holder = await readLockHolder(root);
    if (holder === null) continue; // released between our attempts
    if (holder.stale && options.breakStale) {
      await breakStaleLock(path, holder);
      continue;
    }
    throw lockConflict(root, holder);
  }
  throw new ServiceFailure('conflict', `Could not lock ${root}: another window keeps taking it. Try again.`);
}

/**
 * Removes a stale lock without ever removing a live one: the lock is first moved aside atomically,
 * and if what was moved is not the stale lock we judged (another window broke it and took the
 * project in between), it is put back.
 */
async function breakStaleLock(path: string, judged: ProjectLockHolder): Promise<void> {
  const aside = `${path}.${randomBytes(6).toString('hex')}.broken`;
  try {
    await rename(path, aside);
  } catch {
    return; // already gone
  }
  const moved = await readHolderAt(aside);
  const same = moved !== null && moved.pid === judged.pid && moved.since === judged.since;
  if (!same) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

/** Removes the lock only if it is still the one this process took (never another window's). */
async function releaseIfOurs(path: string, since: number): Promise<void> {
  const holder = await readHolderAt(path);
  if (holder && holder.pid === process.pid && holder.since === since) await rm(path, { force: true });
}

function lockConflict(root: string, holder: ProjectLockHolder): ServiceFailure {
  const since = holder.since ? new Date(holder.since).toLocaleString() : 'an unknown time';
  const who = `pid ${holder.pid} on ${holder.hostname} since ${since}, ${holder.app}`;
  if (holder.stale) {
    return new ServiceFailure(
      'conflict',
      `${root} was left locked by a Ganvas window that is no longer running (${who}). ` +
        `Open it again and break the stale lock (in the CLI or API: breakStaleLock).`,
    );
  }
  const advice =
    holder.hostname === hostname()
      ? 'Close it there, or switch to that window.'
      : `Close it there; if that computer no longer uses it, delete ${lockFile} in the project folder and open it again.`;
  return new ServiceFailure('conflict', `${root} is open in another Ganvas window (${who}). ${advice}`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
