import type { Project, RecentProject } from '$contract';
import type { Api } from '../lib/api.js';
import { lockConflictOf, type LockConflict } from '../lib/lock-conflict.js';
import { describeError, ServiceCallError } from '../lib/service-call-error.js';

/** localStorage: set once the first launch has been handled, so the sample opens by itself only once. */
export const welcomedKey = 'ganvas.welcomed';
/** sessionStorage: the project this window has open, so a reload keeps it open. */
export const openProjectKey = 'ganvas.openProject';

/** The open project (one per window) and the recent list; changes from the service arrive as events. */
export class ProjectsStore {
  current = $state.raw<Project | null>(null);
  recent = $state.raw<RecentProject[]>([]);
  /** True once the recent list has been read: until then an empty list says nothing. */
  loaded = $state(false);
  /** Where a new project goes when no folder is chosen. */
  defaultLocation = $state<string | null>(null);
  /** What is under way, in words ("Opening the sample project…"), or null. */
  busy = $state<string | null>(null);
  error = $state<string | null>(null);
  /** The last open refused because of a project lock, with what the UI needs to offer breaking it. */
  conflict = $state.raw<LockConflict | null>(null);
  /** A calm note after something finished (a delete, a lock broken). */
  notice = $state<string | null>(null);
  readonly #api: Api;
  readonly #session: Storage | null;
  readonly #onCurrent: (project: Project | null) => void;

  /**
   * `session` remembers the open project across a reload; `onCurrent` hears of every change to the
   * open project (another one opened, this one renamed or changed, closed).
   */
  constructor(
    api: Api,
    options: { session?: Storage | null; onCurrent?: (project: Project | null) => void } = {},
  ) {
    this.#api = api;
    this.#session = options.session ?? null;
    this.#onCurrent = options.onCurrent ?? (() => undefined);
    api.on('projects:changed', (project) => {
      if (this.current?.id === project.id) this.#setCurrent(project);
    });
  }

  async refresh(): Promise<void> {
    try {
      const [recent, location] = await Promise.all([
        this.#api.call('projects:recent', {}),
        this.#api.call('projects:default-location', {}),
      ]);
      this.recent = recent;
      this.defaultLocation = location.path;
      this.loaded = true;
      if (this.current)
        this.#setCurrent(await this.#api.call('projects:get', { projectId: this.current.id }));
    } catch (error) {
      // Closed elsewhere (or the service restarted): this window no longer has it open.
      if (error instanceof ServiceCallError && error.code === 'not-found') this.#setCurrent(null);
    }
  }

  /**
   * After the first load: reopens what this window had open before a reload; on the very first
   * launch (never welcomed, no recent projects) opens the sample, so a new user sees images at once.
   */
  async resume(local: Storage): Promise<void> {
    if (!this.loaded || this.current) return;
    const remembered = this.#session?.getItem(openProjectKey);
    if (remembered) {
      const opened = await this.#run('Reopening your project…', () =>
        this.#api.call('projects:open', { path: remembered, breakStaleLock: false }),
      );
      if (opened) return;
      // Moved or deleted since: say nothing, the recent list shows it.
      this.#session?.removeItem(openProjectKey);
      this.error = null;
      this.conflict = null;
    }
    if (local.getItem(welcomedKey)) return;
    local.setItem(welcomedKey, '1');
    if (this.recent.length === 0) await this.openSample();
  }

  create(name: string, parentDir?: string): Promise<boolean> {
    const location = parentDir?.trim();
    return this.#run(`Creating ${name}…`, () =>
      this.#api.call('projects:create', location ? { name, parentDir: location } : { name }),
    );
  }

  open(path: string, breakStaleLock = false): Promise<boolean> {
    return this.#run(
      'Opening…',
      () => this.#api.call('projects:open', { path, breakStaleLock }),
      path,
      breakStaleLock ? 'The stale lock was removed and the project is open.' : null,
    );
  }

  openSample(): Promise<boolean> {
    return this.#run('Opening the sample project (the first time, Ganvas paints its images)…', () =>
      this.#api.call('projects:open-sample', {}),
    );
  }

  rename(name: string): Promise<boolean> {
    const project = this.current;
    if (!project) return Promise.resolve(false);
    return this.#run(`Renaming to ${name}…`, () =>
      this.#api.call('projects:rename', { projectId: project.id, name }),
    );
  }

  duplicate(name: string): Promise<boolean> {
    const project = this.current;
    if (!project) return Promise.resolve(false);
    return this.#run(
      `Copying ${project.name}…`,
      () => this.#api.call('projects:duplicate', { projectId: project.id, name }),
      undefined,
      `This is the copy, ${name}; ${project.name} is closed and unchanged.`,
    );
  }

  async close(): Promise<void> {
    const project = this.current;
    if (!project) return;
    this.#clearMessages();
    await this.#api.call('projects:close', { projectId: project.id }).catch(() => undefined);
    this.#setCurrent(null);
    await this.refresh();
  }

  /** Moves the open project's folder to the trash (the caller has asked the user first). */
  async remove(): Promise<boolean> {
    const project = this.current;
    if (!project) return false;
    this.#clearMessages();
    this.busy = `Moving ${project.name} to the trash…`;
    try {
      const result = await this.#api.call('projects:delete', { projectId: project.id, confirm: true });
      this.#setCurrent(null);
      this.notice = result.trashed
        ? `${project.name} is in the trash; restore it from there if you change your mind.`
        : `${project.name} was deleted (this system has no trash).`;
      await this.refresh();
      return true;
    } catch (error) {
      this.error = describeError(error);
      return false;
    } finally {
      this.busy = null;
    }
  }

  /** Takes a project off the recent list; its folder is not touched. */
  async forget(path: string): Promise<void> {
    try {
      this.recent = await this.#api.call('projects:forget', { path });
    } catch (error) {
      this.error = describeError(error);
    }
  }

  dismissMessages(): void {
    this.#clearMessages();
  }

  #clearMessages(): void {
    this.error = null;
    this.conflict = null;
    this.notice = null;
  }

  #setCurrent(project: Project | null): void {
    this.current = project;
    if (project) this.#session?.setItem(openProjectKey, project.path);
    else this.#session?.removeItem(openProjectKey);
    this.#onCurrent(project);
  }

  async #run(
    doing: string,
    open: () => Promise<Project>,
    path?: string,
    done: string | null = null,
  ): Promise<boolean> {
    this.busy = doing;
    this.#clearMessages();
    try {
      const previous = this.current;
      const project = await open();
      if (previous && previous.id !== project.id) {
        // One project per window: the one left behind is closed, releasing its lock.
        await this.#api.call('projects:close', { projectId: previous.id }).catch(() => undefined);
      }
      this.#setCurrent(project);
      this.notice = done;
      await this.refresh();
      return true;
    } catch (error) {
      const conflict = path ? lockConflictOf(error, path) : null;
      if (conflict) this.conflict = conflict;
      else this.error = describeError(error);
      return false;
    } finally {
      this.busy = null;
    }
  }
}
