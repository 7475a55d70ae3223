import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { ProjectLockHolder } from '../contract/index.js';
import { ServiceFailure } from '../service/service-error.js';

export const lockFile = '.ganvas.lock';

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
  let text: string;
  try {
    text = await readFile(join(root, lockFile), 'utf8');
  } catch {
    return null;
  }
  const parsed = LockContent.safeParse(safeJson(text));
  if (!parsed.success) {
    // A torn lock (killed while writing it) protects nothing: treat it as stale.
    return { pid: 0, hostname: hostname(), app: 'unknown', since: 0, stale: true };
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
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(
        JSON.stringify({ pid: process.pid, hostname: hostname(), app: options.app, since: Date.now() }),
      );
      await handle.sync();
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readLockHolder(root);
    if (holder === null) continue; // released between our attempts
    if (holder.stale && options.breakStale) {
      await rm(path, { force: true });
      continue;
    }
    throw lockConflict(root, holder);
  }
  throw new ServiceFailure('conflict', `Could not lock ${root}; try again.`);
}

function lockConflict(root: string, holder: ProjectLockHolder): ServiceFailure {
  const since = holder.since ? new Date(holder.since).toLocaleString() : 'an unknown time';
  const where = `${holder.app} (process ${holder.pid} on ${holder.hostname}, since ${since})`;
  return new ServiceFailure(
    'conflict',
    holder.stale
      ? `${root} was left locked by ${where}, which is no longer running. Open it again with "break the stale lock".`
      : `${root} is open in another Ganvas window: ${where}. Close it there first.`,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
