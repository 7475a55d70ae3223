import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Settings, defaultSettings } from '../contract/index.js';
import { writeJsonAtomic } from '../fs/atomic-write.js';

/** The user's app-wide settings, kept as settings.json in the app's data folder. */
export class SettingsStore {
  private current: Settings = defaultSettings;
  /** Set when the file on disk could not be read; the app runs on defaults and says why. */
  loadProblem: string | null = null;

  private constructor(private readonly path: string) {}

  static async open(dataDir: string): Promise<SettingsStore> {
    await mkdir(dataDir, { recursive: true });
    const store = new SettingsStore(join(dataDir, 'settings.json'));
    await store.load();
    return store;
  }

  get(): Settings {
    return this.current;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = Settings.parse({ ...this.current, ...patch });
    await writeJsonAtomic(this.path, next);
    this.current = next;
    return next;
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.loadProblem = `Could not read ${this.path}: ${(error as Error).message}. Using default settings.`;
      }
      return;
    }
    try {
      // Unknown or invalid keys fall back one by one, so one bad value does not reset everything.
      const raw: unknown = JSON.parse(text);
      const merged = { ...defaultSettings, ...(typeof raw === 'object' && raw !== null ? raw : {}) };
      const parsed = Settings.safeParse(merged);
      this.current = parsed.success ? parsed.data : defaultSettings;
      if (!parsed.success) this.loadProblem = `${this.path} has invalid values; using default settings.`;
    } catch {
      this.loadProblem = `${this.path} is not valid JSON; using default settings until you change one.`;
    }
  }
}
