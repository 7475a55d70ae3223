import type { JobSummary } from '$contract';
import type { Api } from '../lib/api.js';
import { activeJob, applyJobEvent, tableFromList, type JobTable, type TrackedJob } from '../lib/job-table.js';

export class JobsStore {
  // Replaced wholesale by the reducers, so there is nothing to gain from deep proxies.
  table = $state.raw<JobTable>({});
  readonly active: JobSummary | null = $derived(activeJob(this.table));
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
    api.on('jobs:event', (event) => {
      this.table = applyJobEvent(this.table, event, Date.now());
    });
  }

  get(id: string): TrackedJob | undefined {
    return this.table[id];
  }

  async refresh(): Promise<void> {
    try {
      this.table = tableFromList(this.table, await this.#api.call('jobs:list', {}));
    } catch {
      // Not fatal: events keep the table current, and the next reconnection asks again.
    }
  }
}
