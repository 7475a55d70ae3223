import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** `<folder>/<stem>.png`, or `<stem> (2).png`, `(3)`… where that name is taken: never over a file. */
export function freePath(folder: string, stem: string, extension = '.png'): string {
  let path = join(folder, `${stem}${extension}`);
  for (let n = 2; existsSync(path); n++) path = join(folder, `${stem} (${n})${extension}`);
  return path;
}
