import type { AppInfo, BackendInfo, TrainerStatus } from '$contract';
import type { Api } from '../lib/api.js';
import { describeError } from '../lib/service-call-error.js';

/** What the studio runs on: version and shell, compute backend, trainer process. Kept live by events. */
export class AppInfoStore {
  info = $state<AppInfo | null>(null);
  backend = $state<BackendInfo | null>(null);
  trainer = $state<TrainerStatus | null>(null);
  detectingBackend = $state(false);
  error = $state<string | null>(null);
  backendError = $state<string | null>(null);
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
    api.on('trainer:status', (trainer) => {
      this.trainer = trainer;
    });
    api.on('backend:changed', (backend) => {
      this.backend = backend;
      this.backendError = null;
    });
  }

  async refresh(): Promise<void> {
    try {
      const info = await this.#api.call('app:info', {});
      this.info = info;
      this.trainer = info.trainer;
      this.error = null;
      if (info.backend) this.backend = info.backend;
      else await this.#detectBackend();
    } catch (error) {
      this.error = describeError(error);
    }
  }

  /** The service loads a backend lazily; asking for it here makes the status bar say what it will be. */
  async #detectBackend(): Promise<void> {
    this.detectingBackend = true;
    try {
      this.backend = await this.#api.call('backend:info', {});
      this.backendError = null;
    } catch (error) {
      this.backendError = describeError(error);
    } finally {
      this.detectingBackend = false;
    }
  }
}
