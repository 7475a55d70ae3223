import type { CallArgsParsed, CallName, CallResult } from './contract/index.js';
import { appHandlers, type AppDeps } from './service/app-handlers.js';
import { datasetHandlers, type DatasetDeps } from './service/dataset-handlers.js';
import type { EvaluationJobs } from './service/evaluation-handlers.js';
import { exploreHandlers } from './service/explore-handlers.js';
import { archiveHandlers } from './service/archive-handlers.js';
import { exportHandlers } from './service/export-handlers.js';
import { exportLane } from './service/export-lane.js';
import { appVersion } from './platform/app-version.js';
import type { ExplorerProcess } from './service/explorer-process.js';
import { projectHandlers, type ProjectDeps } from './service/project-handlers.js';
import { trainingHandlers } from './service/training-handlers.js';
import type { TrainingRuns } from './service/training-runs.js';
import { translateHandlers } from './service/translate-handlers.js';

export type Handlers = { [C in CallName]: (args: CallArgsParsed<C>) => Promise<CallResult<C>> };

export type ServiceDeps = AppDeps &
  ProjectDeps &
  Omit<DatasetDeps, 'projects'> & {
    runs: TrainingRuns;
    explorer: ExplorerProcess;
    evaluations: EvaluationJobs;
  };

/** The studio service: the contract's calls, one handler file per domain, over the modules that do the work. */
export function createHandlers(deps: ServiceDeps): Handlers {
  return {
    ...appHandlers(deps),
    ...projectHandlers({ ...deps, beforeClosing: (projectId) => deps.runs.pauseProject(projectId) }),
    ...datasetHandlers({ ...deps, projects: deps.registry }),
    ...trainingHandlers({ ...deps, projects: deps.registry }),
    ...exploreHandlers({ projects: deps.registry, explorer: deps.explorer }),
    ...deps.evaluations.handlers(),
    ...translateHandlers({ ...deps, projects: deps.registry, allowAbsolutePaths: deps.shell !== 'browser' }),
    ...exportHandlers({
      ...deps,
      projects: deps.registry,
      trainer: exportLane(deps.explorer, deps.jobs),
      appVersion: appVersion(),
      allowAbsolutePaths: deps.shell !== 'browser',
    }),
    ...archiveHandlers({ ...deps, appVersion: appVersion(), allowAbsolutePaths: deps.shell !== 'browser' }),
  };
}
