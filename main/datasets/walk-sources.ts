import { opendir, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RejectedFile } from '../contract/index.js';

export interface SourceFile {
  /** Where to read it. */
  path: string;
}

export interface WalkResult {
  files: SourceFile[];
  problems: Array<Omit<RejectedFile, 'kind'> & { kind: 'unreadable' | 'symlink-loop' }>;
}

const ignoredNames = new Set(['Thumbs.db', 'desktop.ini']);

export interface WalkOptions {
  /** Injected for tests: list a folder's entries (names, and whether each is a folder). */
  listFolder?: (path: string) => Promise<string[]>;
}

/**
 * Every file under the given files and folders, recursively, in a stable order. Folders that cannot be
 * read and symlinks that lead back into a folder already being walked are reported, never followed forever.
 * Dotfiles and OS clutter (Thumbs.db) are skipped silently.
 */
export async function walkSources(paths: string[], options: WalkOptions = {}): Promise<WalkResult> {
  const listFolder = options.listFolder ?? defaultListFolder;
  const result: WalkResult = { files: [], problems: [] };
  const seenFiles = new Set<string>();

  async function visit(path: string, ancestors: Set<string>): Promise<void> {
    let real: string;
    let isFolder: boolean;
    try {
      real = await realpath(path);
      isFolder = (await stat(real)).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      result.problems.push({
        path,
        kind: code === 'ELOOP' ? 'symlink-loop' : 'unreadable',
        reason:
          code === 'ENOENT' ? 'does not exist (moved or deleted?)' : `cannot be read (${code ?? 'error'})`,
      });
      return;
    }
    if (!isFolder) {
      if (!seenFiles.has(real)) {
        seenFiles.add(real);
        result.files.push({ path });
      }
      return;
    }
    if (ancestors.has(real)) {
      result.problems.push({
        path,
        kind: 'symlink-loop',
        reason: 'a link back into a folder being imported; skipped',
      });
      return;
    }
    let names: string[];
    try {
      names = await listFolder(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      result.problems.push({
        path,
        kind: 'unreadable',
        reason: `folder cannot be read (${code}); check its permissions`,
      });
      return;
    }
    const inside = new Set(ancestors).add(real);
    for (const name of names.sort((a, b) => a.localeCompare(b))) {
      if (name.startsWith('.') || ignoredNames.has(name)) continue;
      await visit(join(path, name), inside);
    }
  }

  for (const path of paths) {
    if (basename(path).startsWith('.') && paths.length > 1) continue;
    await visit(path, new Set());
  }
  return result;
}

async function defaultListFolder(path: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of await opendir(path)) names.push(entry.name);
  return names;
}
