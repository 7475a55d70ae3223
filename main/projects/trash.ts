import { existsSync } from 'node:fs';
import { cp, mkdir, open, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';

export type TrashItem = (path: string) => Promise<void>;

export interface TrashPlace {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/**
 * Moves a file or folder to the system trash without Electron: the freedesktop.org trash on Linux
 * and other Unixes (restorable from the file manager), ~/.Trash on macOS. Returns false where there
 * is no trash (Windows outside Electron, where electron/ passes shell.trashItem instead), so the
 * caller can delete and say so. Throws, having changed nothing, when the move fails.
 */
export async function moveToTrash(path: string, place: TrashPlace = {}): Promise<boolean> {
  const platform = place.platform ?? process.platform;
  const env = place.env ?? process.env;
  const home = place.home ?? homedir();
  const source = resolve(path);
  if (platform === 'win32') return false;
  if (platform === 'darwin') {
    const trash = join(home, '.Trash');
    await mkdir(trash, { recursive: true });
    const name = await freeName(basename(source), async (candidate) => !existsSync(join(trash, candidate)));
    await moveAcrossDevices(source, join(trash, name));
    return true;
  }
  const dataHome =
    env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  const trash = join(dataHome, 'Trash');
  await mkdir(join(trash, 'files'), { recursive: true, mode: 0o700 });
  await mkdir(join(trash, 'info'), { recursive: true, mode: 0o700 });
  // The spec's order: reserve the name by creating its info file exclusively, then move the item, so a
  // file manager can always restore what it finds and two deletions never take the same name.
  const name = await freeName(basename(source), (candidate) =>
    reserveInfo(join(trash, 'info', `${candidate}.trashinfo`), join(trash, 'files', candidate), source),
  );
  try {
    await moveAcrossDevices(source, join(trash, 'files', name));
  } catch (error) {
    await rm(join(trash, 'info', `${name}.trashinfo`), { force: true });
    throw error;
  }
  return true;
}

/** `Birds.ganvas`, then `Birds 2.ganvas`, `Birds 3.ganvas`… until `claim` accepts one. */
async function freeName(name: string, claim: (candidate: string) => Promise<boolean>): Promise<string> {
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let n = 1; n < 10_000; n++) {
    const candidate = n === 1 ? name : `${stem} ${n}${extension}`;
    if (await claim(candidate)) return candidate;
  }
  throw new Error(`the trash already holds too many items named ${name}`);
}

async function reserveInfo(infoPath: string, filesPath: string, original: string): Promise<boolean> {
  if (existsSync(filesPath)) return false;
  let handle;
  try {
    handle = await open(infoPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(
      `[Trash Info]\nPath=${encodePath(original)}\nDeletionDate=${localTimestamp(new Date())}\n`,
    );
  } finally {
    await handle.close();
  }
  return true;
}

/** The spec wants the original path URL-escaped, keeping the slashes. */
function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** YYYY-MM-DDThh:mm:ss in local time, as the spec asks. */
function localTimestamp(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}` +
    `T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  );
}

async function moveAcrossDevices(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    // Another disk: copy, and remove the original only once the copy is whole.
    try {
      await cp(from, to, { recursive: true, errorOnExist: true, force: false, preserveTimestamps: true });
    } catch (copyError) {
      await rm(to, { recursive: true, force: true });
      throw copyError;
    }
    await rm(from, { recursive: true, force: true });
  }
}
