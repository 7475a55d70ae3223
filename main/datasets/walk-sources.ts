import { opendir as nodeOpendir, realpath, stat } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import type { RejectedFile } from '../contract/index.js';

export interface SourceFile {
  /** Where to read it. */
  path: string;
  size: number;
}

export interface WalkResult {
  files: SourceFile[];
  problems: RejectedFile[];
}

/** Files the operating system leaves in folders; never pictures, never worth a line in the report. */
const clutter = new Set(['thumbs.db', 'desktop.ini', 'ehthumbs.db', '.ds_store']);

export interface WalkOptions {
  /** Injected by tests to make a folder unreadable even for root. */
  opendir?: (path: string) => Promise<AsyncIterable<{ name: string }>>;
  /** Real folders whose contents are never taken (a project's own dataset files). */
  skipInside?: string[];
}

/**
 * Every file under the given files and folders, recursively, in a stable order. Each real folder is
 * read once; a symlink back into a folder being walked is reported as a loop and not followed, and
 * a folder that cannot be read is reported with its reason. Dotfiles and OS clutter are skipped silently.
 */
export async function walkSources(paths: string[], options: WalkOptions = {}): Promise<WalkResult> {
  const opendir = options.opendir ?? nodeOpendir;
  const skipInside = await Promise.all(
    (options.skipInside ?? []).map((path) => realpath(path).catch(() => path)),
  );
  const result: WalkResult = { files: [], problems: [] };
  const seenFiles = new Set<string>();
  const seenFolders = new Set<string>();

  async function visit(path: string, ancestors: ReadonlySet<string>): Promise<void> {
    let real: string;
    let stats: Awaited<ReturnType<typeof stat>>;
    try {
      real = await realpath(path);
      stats = await stat(real);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      if (code === 'ELOOP') {
        result.problems.push({
          path,
          kind: 'symlink-loop',
          reason: 'a symbolic link that leads back to itself; skipped',
        });
      } else {
        const reason = code === 'ENOENT' ? 'does not exist (moved or deleted?)' : `cannot be read (${code})`;
        result.problems.push({ path, kind: 'unreadable', reason });
      }
      return;
    }
    if (skipInside.some((folder) => real === folder || real.startsWith(folder + sep))) {
      result.problems.push({
        path,
        kind: 'unsupported',
        reason: "is part of this project's own dataset files; import the originals from where they came from",
      });
      return;
    }
    if (stats.isFile()) {
      if (!seenFiles.has(real)) {
        seenFiles.add(real);
        result.files.push({ path, size: stats.size });
      }
      return;
    }
    if (!stats.isDirectory()) {
      result.problems.push({
        path,
        kind: 'not-an-image',
        reason: 'not a regular file (a device, pipe or socket)',
      });
      return;
    }
    if (ancestors.has(real)) {
      result.problems.push({
        path,
        kind: 'symlink-loop',
        reason: 'a link back into a folder that contains it; not followed',
      });
      return;
    }
    // The same folder reached again through another link: its files are already listed.
    if (seenFolders.has(real)) return;
    seenFolders.add(real);
    const names: string[] = [];
    try {
      for await (const entry of await opendir(path)) names.push(entry.name);
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
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      if (name.startsWith('.') || clutter.has(name.toLowerCase())) continue;
      await visit(join(path, name), inside);
    }
  }

  for (const path of paths) {
    if (clutter.has(basename(path).toLowerCase())) continue;
    await visit(path, new Set());
  }
  return result;
}
