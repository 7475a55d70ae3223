import { isAbsolute, join, sep } from 'node:path';
import type { ImportSource, TranslateDirection, translateCalls } from '../contract/index.js';
import type { UploadStore } from '../datasets/upload-store.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import type { ProjectLookup } from '../projects/project-lookup.js';
import { readRun } from '../training/run-store.js';
import type { TranslatePreviewResult } from '../training/tasks/translate-task.js';
import type { ExplorerProcess } from './explorer-process.js';
import type { HandlersFor } from './handler-types.js';
import { ServiceFailure } from './service-error.js';
import type { TrainingTrainer } from './training-runs.js';

export interface TranslateDeps {
  projects: ProjectLookup;
  jobs: JobRegistry;
  /** Folder jobs queue in the trainer, like every long job. */
  trainer: TrainingTrainer;
  /** Previews run in the explorer's process, so they answer while a run trains. */
  explorer: Pick<ExplorerProcess, 'run'>;
  uploads: UploadStore;
  now?: () => Date;
}

const arrows: Record<TranslateDirection, string> = { AtoB: 'A → B', BtoA: 'B → A' };

/** A trained CycleGAN applied to the user's images: a preview of one, or folders as a job. */
export function translateHandlers(deps: TranslateDeps): HandlersFor<typeof translateCalls> {
  const { projects, uploads } = deps;

  /** The files and folders a source names, an upload confined to the project's staging folder. */
  const inputsOf = (root: string, source: ImportSource): string[] => {
    if (source.kind === 'paths') return source.paths;
    const folder = uploads.folder(source.uploadId);
    if (!folder?.startsWith(join(root, '.uploads') + sep)) {
      throw new ServiceFailure(
        'not-found',
        'That upload has ended or belongs to another project; drop the files again.',
      );
    }
    return [folder];
  };

  /** The run, refused with what to do when it is not a CycleGAN. */
  const cycleRun = async (root: string, runId: string) => {
    const run = await readRun(root, runId);
    if (run.settings.model !== 'cyclegan') {
      throw new ServiceFailure(
        'invalid-args',
        `“${run.name}” is a DCGAN: it makes new images but does not translate them. Pick a CycleGAN run.`,
      );
    }
    return run;
  };

  return {
    'translate:preview': async ({ projectId, runId, step, direction, maxSide, source }) => {
      const root = projects.root(projectId);
      await cycleRun(root, runId);
      const result = (await deps.explorer.run({
        kind: 'translate',
        projectRoot: root,
        runId,
        step: step ?? null,
        direction,
        inputs: inputsOf(root, source),
        outDir: null,
        maxSide,
      })) as TranslatePreviewResult;
      return {
        step: result.step,
        width: result.width,
        height: result.height,
        before: `data:image/png;base64,${result.before}`,
        after: `data:image/png;base64,${result.after}`,
      };
    },

    'translate:folder': async ({ projectId, runId, step, direction, maxSide, source, outDir }) => {
      const root = projects.root(projectId);
      const run = await cycleRun(root, runId);
      const inputs = inputsOf(root, source);
      // A new folder per job inside the project's translations/, unless the user chose one.
      const stamp = (deps.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
      const out =
        outDir === undefined
          ? join(root, 'translations', `${run.id}-${direction}-${stamp}`)
          : isAbsolute(outDir)
            ? outDir
            : join(root, 'translations', outDir);
      const job = deps.jobs.create(
        'translate:folder',
        `Translating ${arrows[direction]} with “${run.name}”`,
        () => deps.trainer.cancel(job.id),
      );
      deps.trainer.run(job.id, {
        kind: 'translate',
        projectRoot: root,
        runId,
        step: step ?? null,
        direction,
        inputs,
        outDir: out,
        maxSide,
      });
      return { jobId: job.id, outDir: out };
    },
  };
}
