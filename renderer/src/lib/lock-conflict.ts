import { ServiceCallError } from './service-call-error.js';

/** A project that could not be opened because its lock is held: by whom, and whether that holder is gone. */
export interface LockConflict {
  path: string;
  /** "pid 4242 on studio-pc since 20/06/2026, 10:00:00, Ganvas 0.1.0 (browser)", or the service's words. */
  holder: string;
  /** The holder is no longer running: breaking the lock is safe. */
  stale: boolean;
}

/**
 * Recognises the service's lock conflicts among its 'conflict' failures (a name taken, a newer schema
 * are conflicts too, and are not this).
 */
export function lockConflictOf(error: unknown, path: string): LockConflict | null {
  if (!(error instanceof ServiceCallError) || error.code !== 'conflict') return null;
  const stale = /no longer running/.test(error.message);
  if (!stale && !/open in another Ganvas window/.test(error.message)) return null;
  // The holder is in parentheses, and its app label has its own: "(pid 7 on pc since …, Ganvas 1.0 (browser))".
  const holder = /\((pid (?:[^()]|\([^()]*\))*)\)/.exec(error.message)?.[1] ?? error.message;
  return { path, holder, stale };
}
