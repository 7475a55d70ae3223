import { isAbsolute, join } from 'node:path';
import type { trainingCalls } from '../contract/index.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import type { ProjectLookup } from '../projects/project-lookup.js';
import { readMetrics, runFolder } from '../training/run-files.js';
import { readRun } from '../training/run-store.js';
import { thinCurve } from '../training/thin-curve.js';
import type { HandlersFor } from './handler-types.js';
import { requireDcgan } from './require-dcgan.js';
import type { TrainingRuns, TrainingTrainer } from './training-runs.js';

export interface TrainingDeps {
  projects: ProjectLookup;
  jobs: JobRegistry;
  trainer: TrainingTrainer;
  runs: TrainingRuns;
}

/** Training runs: thin handlers over TrainingRuns, plus reading curves and writing samples. */
export function trainingHandlers(deps: TrainingDeps): HandlersFor<typeof trainingCalls> {
  const { runs, projects } = deps;
  return {
    'runs:list': ({ projectId }) => runs.list(projectId),
    'runs:get': ({ projectId, runId }) => runs.get(projectId, runId),
    'runs:metrics': async ({ projectId, runId, fromStep, maxPoints }) => {
      const root = projects.root(projectId);
      await readRun(root, runId);
      return thinCurve(await readMetrics(runFolder(root, runId), fromStep), maxPoints);
    },
    'runs:delete': ({ projectId, runId }) => runs.delete(projectId, runId),
    'training:start': (args) => runs.start(args),
    'training:resume': ({ projectId, runId, totalSteps }) => runs.resume(projectId, runId, totalSteps),
    'training:pause': ({ projectId, runId }) => runs.halt(projectId, runId, 'pause'),
    'training:stop': ({ projectId, runId }) => runs.halt(projectId, runId, 'stop'),
    'training:branch': (args) => runs.branch(args),
    'runs:sample': async ({ projectId, runId, step, count, seed, outDir, useEma }) => {
      const root = projects.root(projectId);
      const run = requireDcgan(await readRun(root, runId));
      // A relative folder is one inside the project's exports, so a project stays whole.
      const out = isAbsolute(outDir) ? outDir : join(root, 'exports', outDir);
      const job = deps.jobs.create('runs:sample', `Generating ${count} images from “${run.name}”`, () =>
        deps.trainer.cancel(job.id),
      );
      deps.trainer.run(job.id, {
        kind: 'sample',
        projectRoot: root,
        runId,
        step: step ?? null,
        count,
        seed,
        outDir: out,
        useEma,
      });
      return { jobId: job.id };
    },
  };
}
