import type { Project, RecentProject } from '$contract';
import type { Api } from '../lib/api.js';
import { ServiceCallError } from '../lib/service-call-error.js';

const welcomedKey = 'ganvas.welcomed';

/** The open project (one per window) and the recent list; every change from the service arrives as an event. */
export class ProjectsStore {
  current = $state.raw<Project | null>(null);
  recent = $state.raw<RecentProject[]>([]);
  busy = $state(false);
  error = $state<string | null>(null);
  /** Set when opening failed on a lock left by a process that is gone: the UI offers to break it. */
  staleLockPath = $state<string | null>(null);
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
    api.on('projects:changed', (project) => {
      if (this.current?.id === project.id) this.current = project;
    });
  }

  async refresh(): Promise<void> {
    try {
      this.recent = await this.#api.call('projects:recent', {});
      if (this.current) this.current = await this.#api.call('projects:get', { projectId: this.current.id });
    } catch (error) {
      if (error instanceof ServiceCallError && error.code === 'not-found') this.current = null;
    }
  }

  /** First launch: open the sample project so a new user has something to look at at once. */
  async welcome(storage: Storage): Promise<void> {
    if (storage.getItem(welcomedKey) || this.current || this.busy) return;
    storage.setItem(welcomedKey, '1');
    await this.openSample();
  }

  create(name: string, parentDir?: string): Promise<boolean> {
    return this.#run(() => this.#api.call('projects:create', parentDir ? { name, parentDir } : { name }));
  }

  open(path: string, breakStaleLock = false): Promise<boolean> {
    return this.#run(() => this.#api.call('projects:open', { path, breakStaleLock }), path);
  }

  openSample(): Promise<boolean> {
    return this.#run(() => this.#api.call('projects:open-sample', {}));
  }

  rename(name: string): Promise<boolean> {
    const project = this.current;
    return project
      ? this.#run(() => this.#api.call('projects:rename', { projectId: project.id, name }))
      : Promise.resolve(false);
  }

  duplicate(name: string): Promise<boolean> {
    const project = this.current;
    if (!project) return Promise.resolve(false);
    return this.#run(() => this.#api.call('projects:duplicate', { projectId: project.id, name }));
  }

  async close(): Promise<void> {
    const project = this.current;
    if (!project) return;
    await this.#api.call('projects:close', { projectId: project.id }).catch(() => undefined);
    this.current = null;
    await this.refresh();
  }

  async remove(): Promise<{ trashed: boolean } | null> {
    const project = this.current;
    if (!project) return null;
    this.busy = true;
    try {
      const result = await this.#api.call('projects:delete', { projectId: project.id, confirm: true });
      this.current = null;
      await this.refresh();
      return result;
    } catch (error) {
      this.error = (error as Error).message;
      return null;
    } finally {
      this.busy = false;
    }
  }

  async forget(path: string): Promise<void> {
    this.recent = await this.#api.call('projects:forget', { path });
  }

  async #run(open: () => Promise<Project>, path?: string): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.staleLockPath = null;
    try {
      const previous = this.current;
      const project = await open();
      if (previous && previous.id !== project.id) {
        await this.#api.call('projects:close', { projectId: previous.id }).catch(() => undefined);
      }
      this.current = project;
      await this.refresh();
      return true;
    } catch (error) {
      this.error = (error as Error).message;
      if (
        path &&
        error instanceof ServiceCallError &&
        error.code === 'conflict' &&
        /no longer running/.test(error.message)
      ) {
        this.staleLockPath = path;
      }
      return false;
    } finally {
      this.busy = false;
    }
  }
}
