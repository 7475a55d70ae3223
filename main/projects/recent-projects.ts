import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { RecentProject } from '../contract/index.js';
import { writeJsonAtomic } from '../fs/atomic-write.js';
import { manifestFile } from './project-manifest.js';

const Entry = z.object({
  path: z.string(),
  name: z.string(),
  lastOpenedAt: z.number(),
  isSample: z.boolean(),
});
type Entry = z.infer<typeof Entry>;
const maxEntries = 20;

/** The recent-projects list, kept in the app's data folder (never inside a project). */
export class RecentProjects {
  constructor(private readonly dataDir: string) {}

  private get path(): string {
    return join(this.dataDir, 'recent-projects.json');
  }

  async list(): Promise<RecentProject[]> {
    return (await this.read()).map((entry) => ({
      ...entry,
      available: existsSync(join(entry.path, manifestFile)),
    }));
  }

  async touch(entry: Omit<Entry, 'lastOpenedAt'>): Promise<void> {
    const others = (await this.read()).filter((each) => each.path !== entry.path);
    await this.write([{ ...entry, lastOpenedAt: Date.now() }, ...others].slice(0, maxEntries));
  }

  async forget(path: string): Promise<RecentProject[]> {
    await this.write((await this.read()).filter((each) => each.path !== path));
    return this.list();
  }

  /** After a rename or move: the same entry under its new path and name. */
  async replace(oldPath: string, entry: Omit<Entry, 'lastOpenedAt'>): Promise<void> {
    await this.write(
      (await this.read()).map((each) =>
        each.path === oldPath ? { ...entry, lastOpenedAt: each.lastOpenedAt } : each,
      ),
    );
  }

  private async read(): Promise<Entry[]> {
    try {
      const parsed = z.array(Entry).safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      // A damaged list is only a convenience lost; the projects themselves are untouched.
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  private async write(entries: Entry[]): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
    await writeJsonAtomic(this.path, entries);
  }
}
