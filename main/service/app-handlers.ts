import type { AppInfo, ElectronSupport, appCalls } from '../contract/index.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import { appVersion } from '../platform/app-version.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { TrainerSupervisor } from '../training/trainer-supervisor.js';
import type { HandlersFor } from './handler-types.js';
import { ServiceFailure } from './service-error.js';

export interface AppDeps {
  shell: AppInfo['shell'];
  settings: SettingsStore;
  jobs: JobRegistry;
  trainer: TrainerSupervisor;
  electron: ElectronSupport;
}

/** App-wide calls: what runs where, settings, the trainer and its jobs. */
export function appHandlers(deps: AppDeps): HandlersFor<typeof appCalls> {
  const { settings, jobs, trainer } = deps;

  return {
    'app:info': async () => ({
      name: 'Ganvas',
      version: appVersion(),
      shell: deps.shell,
      platform: process.platform,
      arch: process.arch,
      nodeVersion: process.versions.node,
      electron: deps.electron,
      backend: trainer.backend(),
      trainer: trainer.status(),
    }),

    'settings:get': async () => settings.get(),

    'settings:update': async (patch) => {
      const before = settings.get();
      const next = await settings.update(patch);
      // A new backend only takes effect in a fresh trainer; switch now if nothing is running.
      // If the new trainer cannot start, the setting still stands and trainer:status says why.
      if (next.backend !== before.backend && jobs.running().length === 0)
        await trainer.restart().catch(() => undefined);
      return next;
    },

    'backend:info': async () => {
      try {
        return await trainer.whenReady(120_000);
      } catch (error) {
        throw new ServiceFailure(
          'internal',
          `The compute backend is not available: ${(error as Error).message}`,
        );
      }
    },

    'trainer:restart': async () => {
      if (jobs.running().length > 0) {
        throw new ServiceFailure(
          'conflict',
          'A job is running. Cancel it or let it finish before restarting.',
        );
      }
      await trainer.restart();
      return { restarted: true };
    },

    'jobs:list': async () => jobs.list(),

    'jobs:cancel': async ({ jobId, keepPartial }) => {
      const job = jobs.get(jobId);
      if (!job) throw new ServiceFailure('not-found', `No job with id ${jobId}.`);
      jobs.requestCancel(jobId, keepPartial);
      return jobs.get(jobId) ?? job;
    },

    'system:benchmark': async ({ iterations, size }) => {
      const job = jobs.create('system:benchmark', `Speed check (${size} px, ${iterations} steps)`, () =>
        trainer.cancel(job.id),
      );
      trainer.run(job.id, { kind: 'benchmark', iterations, size });
      return { jobId: job.id };
    },
  };
}
