import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Resolves a path that came from outside (a URL, an IPC payload) against a project folder and
 * returns it only if it stays inside that folder, after following symlinks. Anything that escapes
 * (`..`, an absolute path, a symlink pointing out, a NUL byte) yields null.
 */
export async function confinePath(root: string, untrusted: string): Promise<string | null> {
  if (untrusted.includes('\0') || isAbsolute(untrusted) || /^[a-zA-Z]:/.test(untrusted)) return null;
  const candidate = resolve(root, untrusted);
  if (!isInside(resolve(root), candidate)) return null;
  let realRoot: string;
  let realCandidate: string;
  try {
    [realRoot, realCandidate] = await Promise.all([realpath(root), realpath(candidate)]);
  } catch {
    return null;
  }
  return isInside(realRoot, realCandidate) ? realCandidate : null;
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel);
}
