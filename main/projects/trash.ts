import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';

export type TrashItem = (path: string) => Promise<void>;

/**
 * Moves a folder to the system trash without Electron: the freedesktop.org trash on Linux and
 * other Unixes, ~/.Trash on macOS. Returns false where there is no trash (Windows outside
 * Electron, where electron/ passes shell.trashItem instead) so the caller can say it was deleted.
 */
export async function moveToTrash(path: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (process.platform === 'win32') return false;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `${basename(path)}.${stamp}`;
  if (process.platform === 'darwin') {
    const trash = join(homedir(), '.Trash');
    await mkdir(trash, { recursive: true });
    await moveAcrossDevices(path, join(trash, name));
    return true;
  }
  const trash = join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'Trash');
  await mkdir(join(trash, 'files'), { recursive: true });
  await mkdir(join(trash, 'info'), { recursive: true });
  // The info file first, as the spec asks, so a file manager can always restore what it finds.
  await writeFile(
    join(trash, 'info', `${name}.trashinfo`),
    `[Trash Info]\nPath=${encodeURI(path)}\nDeletionDate=${new Date().toISOString().slice(0, 19)}\n`,
  );
  await moveAcrossDevices(path, join(trash, 'files', name));
  return true;
}

async function moveAcrossDevices(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(from, to, { recursive: true, errorOnExist: true, force: false });
    await rm(from, { recursive: true, force: true });
  }
}
