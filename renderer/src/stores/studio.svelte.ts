import type { Api } from '../lib/api.js';
import { desktopFiles, findBridge, type DesktopFiles } from '../lib/ganvas-bridge.js';
import { AppInfoStore } from './app-info.svelte.js';
import { BenchmarkStore } from './benchmark.svelte.js';
import { ConnectionStore } from './connection.svelte.js';
import { DatasetStore } from './dataset.svelte.js';
import { EvaluationStore } from './evaluation.svelte.js';
import { ExploreStore } from './explore.svelte.js';
import { ExportStore } from './export.svelte.js';
import { JobsStore } from './jobs.svelte.js';
import { ProjectsStore } from './projects.svelte.js';
import { Router } from './router.svelte.js';
import { SettingsStore } from './settings.svelte.js';
import { TrainingStore } from './training.svelte.js';
import { TranslateStore } from './translate.svelte.js';

/** Every store of the app, wired to one api client; created once in main.ts and handed to App. */
export class Studio {
  readonly connection: ConnectionStore;
  readonly appInfo: AppInfoStore;
  readonly jobs: JobsStore;
  readonly benchmark: BenchmarkStore;
  readonly settings: SettingsStore;
  readonly router: Router;
  readonly projects: ProjectsStore;
  readonly dataset: DatasetStore;
  readonly training: TrainingStore;
  readonly explore: ExploreStore;
  readonly evaluation: EvaluationStore;
  readonly translate: TranslateStore;
  readonly exports: ExportStore;
  /** Electron's file paths and open dialog; null in browser mode, where files are uploaded. */
  readonly desktop: DesktopFiles | null;
  readonly #api: Api;
  readonly #win: Window;

  constructor(api: Api, win: Window) {
    this.#api = api;
    this.connection = new ConnectionStore(api);
    this.appInfo = new AppInfoStore(api);
    this.jobs = new JobsStore(api);
    this.benchmark = new BenchmarkStore(api, this.jobs);
    this.settings = new SettingsStore(api);
    this.router = new Router(win);
    this.dataset = new DatasetStore(api);
    this.training = new TrainingStore(api);
    this.explore = new ExploreStore(api);
    this.evaluation = new EvaluationStore(api, this.jobs);
    this.translate = new TranslateStore(api);
    this.projects = new ProjectsStore(api, {
      session: win.sessionStorage,
      onCurrent: (project) => {
        this.dataset.setProject(project);
        this.training.setProject(project);
        this.explore.setProject(project);
        this.translate.setProject(project);
      },
    });
    this.desktop = desktopFiles(findBridge(win));
    this.exports = new ExportStore(api, this.explore, this.jobs, this.desktop);
    this.#win = win;
  }

  get api(): Api {
    return this.#api;
  }

  /**
   * Loads everything now (calls wait for a first connection, or fail with the reason there is none)
   * and again after every reconnection, since events sent while disconnected are lost.
   */
  start(): void {
    let previous = this.#api.connection().status;
    const load = () => this.refresh().then(() => this.projects.resume(this.#win.localStorage));
    void load();
    this.#api.onConnectionChange((state) => {
      if (state.status === 'connected' && previous === 'reconnecting') void load();
      previous = state.status;
    });
  }

  async refresh(): Promise<void> {
    await Promise.all([
      this.appInfo.refresh(),
      this.jobs.refresh(),
      this.settings.refresh(),
      this.projects.refresh(),
      this.training.refresh(),
    ]);
  }
}
