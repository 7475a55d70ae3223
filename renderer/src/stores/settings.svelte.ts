import type { Settings } from '$contract';
import type { Api } from '../lib/api.js';
import { describeError } from '../lib/service-call-error.js';

export class SettingsStore {
  current = $state<Settings | null>(null);
  saving = $state(false);
  error = $state<string | null>(null);
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  async refresh(): Promise<void> {
    try {
      this.current = await this.#api.call('settings:get', {});
      this.error = null;
    } catch (error) {
      this.error = describeError(error);
    }
  }

  async update(patch: Partial<Settings>): Promise<void> {
    this.saving = true;
    try {
      this.current = await this.#api.call('settings:update', patch);
      this.error = null;
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.saving = false;
    }
  }
}
