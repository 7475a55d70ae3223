import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Where exports go unless an absolute path (CLI, Electron's save dialog) says otherwise. */
export const exportsFolder = 'exports';

/**
 * The absolute destination of an export: an absolute path as given (where the client may choose
 * one: the CLI, Electron's save dialog), a relative one inside the project's exports/ folder (never
 * above it).
 */
export function exportDestination(projectRoot: string, out: string, allowAbsolute = true): string {
  if (out.includes('\0')) throw new Error('An export path cannot contain a NUL character.');
  if (isAbsolute(out) || /^[a-zA-Z]:/.test(out)) {
    if (!allowAbsolute) {
      throw new Error(
        'In browser mode exports go into the project’s exports folder: give a name, not a path.',
      );
    }
    return resolve(out);
  }
  const base = join(projectRoot, exportsFolder);
  const target = resolve(base, out);
  const rel = relative(base, target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new Error(`“${out}” is outside the project’s exports folder: give a name like “my-image.png”.`);
  }
  return target;
}

/** A path as the user should see it: relative to the project when inside it. */
export function shownPath(projectRoot: string, path: string): string {
  const rel = relative(projectRoot, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
}
