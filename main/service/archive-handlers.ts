import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { exportCalls } from '../contract/index.js';
import { exportDestination, shownPath } from '../export/export-paths.js';
import { extractArchive, freeFolder, writeArchive } from '../export/project-archive.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import type { ProjectRegistry } from '../projects/project-registry.js';
import { runFolder } from '../training/run-files.js';
import { readRun } from '../training/run-store.js';
import type { HandlersFor } from './handler-types.js';
import { ServiceFailure } from './service-error.js';

export interface ArchiveDeps {
  registry: Pick<ProjectRegistry, 'root' | 'manifestOf' | 'openFolder' | 'changed'>;
  jobs: JobRegistry;
  projectsDir: string;
  appVersion: string;
  /** Whether a client may name a path outside the project (not a browser-mode page). */
  allowAbsolutePaths: boolean;
}

type ArchiveCalls = Pick<typeof exportCalls, 'export:archive' | 'export:import-archive'>;

/** Project and run archives: zipping is a job in the service (plain file work, streamed). */
export function archiveHandlers(deps: ArchiveDeps): HandlersFor<ArchiveCalls> {
  return {
    'export:archive': async ({ projectId, runId, out, overwrite }) => {
      const root = deps.registry.root(projectId);
      const name = deps.registry.manifestOf(projectId).name;
      const run = runId === undefined ? null : await readRun(root, runId);
      let zipPath: string;
      try {
        zipPath = exportDestination(
          root,
          out.toLowerCase().endsWith('.zip') ? out : `${out}.zip`,
          deps.allowAbsolutePaths,
        );
      } catch (error) {
        throw new ServiceFailure('invalid-args', (error as Error).message);
      }
      if (existsSync(zipPath) && !overwrite) {
        throw new ServiceFailure(
          'conflict',
          `${zipPath.split(/[\\/]/).at(-1)} already exists. Choose another name, or confirm to replace it.`,
        );
      }
      const controller = new AbortController();
      const job = deps.jobs.create(
        'export:archive',
        run ? `Archiving the run “${run.name}”` : `Archiving “${name}”`,
        () => controller.abort(),
      );
      const folder = run ? runFolder(root, run.id) : root;
      // A project archive never holds itself (a zip written into its own exports folder).
      writeArchive(
        folder,
        zipPath,
        {
          format: 'ganvas-archive',
          version: 1,
          app: deps.appVersion,
          kind: run ? 'run' : 'project',
          name: run ? run.id : name,
        },
        {
          signal: controller.signal,
          onProgress: ({ done, total }) =>
            deps.jobs.progress(job.id, {
              fraction: done / total,
              message: `Added ${done} of ${total} files`,
              done,
              total,
            }),
          skip: zipPath,
        },
      ).then(
        (written) =>
          deps.jobs.finish(job.id, {
            files: [shownPath(root, zipPath)],
            count: written.files,
            bytes: written.bytes,
          }),
        (error: Error) =>
          controller.signal.aborted ? deps.jobs.cancelled(job.id) : deps.jobs.fail(job.id, error.message),
      );
      return { jobId: job.id };
    },

    'export:import-archive': async ({ path, projectId }) => {
      if (!deps.allowAbsolutePaths) {
        throw new ServiceFailure(
          'forbidden',
          'Archives are imported from the desktop app or with ganvas import-archive.',
        );
      }
      if (!existsSync(path)) throw new ServiceFailure('not-found', `There is no file at ${path}.`);
      const fail = (error: unknown): never => {
        throw new ServiceFailure('invalid-args', (error as Error).message);
      };
      if (projectId !== undefined) {
        // A run goes into the open project, keeping its id (its checkpoints and favourites refer to it).
        const root = deps.registry.root(projectId);
        const staging = await freeFolder(join(root, 'runs'), '.import', '');
        const manifest = await extractArchive(path, staging, { expect: 'run' }).catch(fail);
        const target = runFolder(root, manifest.name);
        if (existsSync(target)) {
          await rm(staging, { recursive: true, force: true });
          throw new ServiceFailure(
            'conflict',
            `This project already has the run ${manifest.name}; nothing was imported.`,
          );
        }
        await rename(staging, target);
        await deps.registry.changed(projectId);
        return { kind: 'run', projectId, runId: manifest.name, folder: target };
      }
      const peek = await freeFolder(deps.projectsDir, '.import', '');
      const manifest = await extractArchive(path, peek, { expect: 'project' }).catch(fail);
      const target = await freeFolder(
        deps.projectsDir,
        manifest.name.replace(/[/\\:*?"<>|]/g, '_'),
        '.ganvas',
      );
      await rename(peek, target);
      const project = await deps.registry.openFolder(target, false);
      return { kind: 'project', projectId: project.id, runId: null, folder: target };
    },
  };
}
