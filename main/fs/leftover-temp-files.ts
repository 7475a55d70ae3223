import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The temp-file names writeFileAtomic uses: `.<name>.<12 hex>.tmp`. */
const tempName = /^\..+\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes temp files left by atomic writes that a killed process never renamed. Only safe while
 * holding the folder's lock (no other writer can be mid-write); the real files are never touched.
 */
export async function removeLeftoverTempFiles(folders: string[]): Promise<number> {
  let removed = 0;
  for (const folder of folders) {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      continue;
    }
    for (const name of names.filter((each) => tempName.test(each))) {
      await rm(join(folder, name), { force: true });
      removed++;
    }
  }
  return removed;
}
