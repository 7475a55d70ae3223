import {
  parseCall,
  type AppInfo,
  type CallName,
  type CallOutcome,
  type EventName,
  type EventPayload,
} from './contract/index.js';
import { forwardJobEvent } from './service/forward-job-event.js';
import { JobRegistry } from './jobs/job-registry.js';
import { electronSupport, probeThisMachine } from './platform/electron-support.js';
import { packageRoot } from './platform/package-root.js';
import { UploadStore } from './datasets/upload-store.js';
import { appVersion } from './platform/app-version.js';
import { defaultProjectsDir } from './platform/projects-dir.js';
import { ProjectRegistry } from './projects/project-registry.js';
import type { TrashItem } from './projects/trash.js';
import { createHandlers, type Handlers } from './service.js';
import { EventBus } from './service/event-bus.js';
import { toServiceError } from './service/service-error.js';
import { SettingsStore } from './settings/settings-store.js';
import type { TrainerSpawner } from './training/trainer-handle.js';
import type { TrainerJobEvent } from './training/trainer-protocol.js';
import { TrainerSupervisor } from './training/trainer-supervisor.js';
import { TrainingRuns } from './service/training-runs.js';
import { EvaluationJobs } from './service/evaluation-handlers.js';
import { ExplorerProcess } from './service/explorer-process.js';

export interface Studio {
  /** Parses the payload with the contract (the transports parse too: defence in depth) and runs it. */
  call(name: CallName | string, args: unknown): Promise<CallOutcome<unknown>>;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  /** An absolute path inside an open project, or null if it is not one or escapes it. */
  resolveProjectFile(projectId: string, relativePath: string): Promise<string | null>;
  /** Browser mode: stores one uploaded file in an upload folder reserved by `uploads:begin`. */
  receiveUpload(uploadId: string, relativePath: string, body: AsyncIterable<Uint8Array>): Promise<void>;
  dispose(): Promise<void>;
}

export interface StudioOptions {
  shell: AppInfo['shell'];
  dataDir: string;
  spawnTrainer: TrainerSpawner;
  /** Where new projects go (default: defaultProjectsDir()). */
  projectsDir?: string;
  /** The system trash, where the shell has one (Electron: shell.trashItem). */
  trashItem?: TrashItem;
  log?: (line: string) => void;
}

/** Builds the whole studio service: settings, jobs, the supervised trainer and the call handlers. */
export async function createStudio(options: StudioOptions): Promise<Studio> {
  const bus = new EventBus();
  const settings = await SettingsStore.open(options.dataDir);
  if (settings.loadProblem) options.log?.(settings.loadProblem);
  const jobs = new JobRegistry((event) => bus.emit('jobs:event', event));
  const deliver = (jobId: string, event: TrainerJobEvent): void => {
    // Training runs see their jobs' events first (curves, samples, checkpoints, how the run ended).
    runs.onJobEvent(jobId, event);
    evaluations.onJobEvent(jobId, event);
    forwardJobEvent(jobs, jobId, event);
  };
  const trainer = new TrainerSupervisor({
    spawn: options.spawnTrainer,
    preference: () => settings.get().backend,
    onStatus: (status) => bus.emit('trainer:status', status),
    onBackend: (backend) => bus.emit('backend:changed', backend),
    onJobEvent: (jobId, event) => deliver(jobId, event),
    ...(options.log ? { log: options.log } : {}),
  });
  const electron = electronSupport(probeThisMachine(packageRoot()));
  const registry = new ProjectRegistry({
    dataDir: options.dataDir,
    onChanged: (project) => bus.emit('projects:changed', project),
    appLabel: `Ganvas ${appVersion()} (${options.shell})`,
  });
  const runs = new TrainingRuns({
    projects: registry,
    jobs,
    trainer,
    emit: (event) => bus.emit('runs:event', event),
    ...(options.trashItem ? { trashItem: options.trashItem } : {}),
  });
  // Evaluations get a trainer process of their own, started on first use: they run beside training
  // (so a run can be judged while it learns) and never hold up the explorer.
  const evaluator = new ExplorerProcess({
    spawn: options.spawnTrainer,
    preference: () => settings.get().backend,
    name: 'evaluator',
    ...(options.log ? { log: options.log } : {}),
  });
  const evaluations = new EvaluationJobs({
    projects: registry,
    jobs,
    trainer: {
      run: (jobId, task) => evaluator.runJob(jobId, task, (event) => deliver(jobId, event)),
      cancel: (jobId) => evaluator.cancel(jobId),
    },
    addRunWarning: (projectId, runId, warning) => runs.addWarning(projectId, runId, warning),
  });
  const explorer = new ExplorerProcess({
    spawn: options.spawnTrainer,
    preference: () => settings.get().backend,
    ...(options.log ? { log: options.log } : {}),
  });
  const uploads = new UploadStore();
  const handlers: Handlers = createHandlers({
    shell: options.shell,
    settings,
    jobs,
    trainer,
    electron: { canRun: electron.canRun, reason: electron.reason },
    registry,
    projectsDir: options.projectsDir ?? defaultProjectsDir(),
    uploads,
    runs,
    explorer,
    evaluations,
    ...(options.trashItem ? { trashItem: options.trashItem } : {}),
  });
  trainer.start();

  return {
    async call(name, args) {
      const parsed = parseCall(name, args);
      if (!parsed.ok) return parsed;
      try {
        const handler = handlers[parsed.call] as (args: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(parsed.args) };
      } catch (error) {
        return { ok: false, error: toServiceError(error) };
      }
    },
    onEvent(listener) {
      return bus.on(<E extends EventName>(event: E, payload: EventPayload<E>) => listener(event, payload));
    },
    resolveProjectFile: (projectId, relativePath) => registry.resolveFile(projectId, relativePath),
    receiveUpload: (uploadId, relativePath, body) => uploads.receive(uploadId, relativePath, body),
    async dispose() {
      // Quitting pauses every run with a checkpoint, so it shows as paused (not cut short) next time.
      await runs.pauseAll();
      await registry.closeAll();
      await Promise.all([trainer.stop(), explorer.stop(), evaluator.stop()]);
    },
  };
}
