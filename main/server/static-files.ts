import { readFile } from 'node:fs/promises';
import { contentTypeOf } from '../platform/content-types.js';
import { confinePath } from '../projects/confine-path.js';

/** Reads a file of the built renderer, confined to its folder; index.html for the root. */
export async function readStaticFile(
  root: string,
  urlPath: string,
): Promise<{ body: Buffer; type: string } | null> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath).replace(/^\/+/, '');
  } catch {
    return null;
  }
  const path = await confinePath(root, relative === '' ? 'index.html' : relative);
  if (!path) return null;
  try {
    return { body: await readFile(path), type: contentTypeOf(path) };
  } catch {
    return null;
  }
}
