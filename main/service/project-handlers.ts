import { cp, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { projectCalls } from '../contract/index.js';
import { lockFile } from '../projects/project-lock.js';
import { projectExtension, readManifest, writeManifest } from '../projects/project-manifest.js';
import type { ProjectRegistry } from '../projects/project-registry.js';
import { createSampleProject, sampleProjectName } from '../projects/sample/create-sample-project.js';
import { moveToTrash, type TrashItem } from '../projects/trash.js';
import type { HandlersFor } from './handler-types.js';
import { ServiceFailure } from './service-error.js';

export interface ProjectDeps {
  registry: ProjectRegistry;
  projectsDir: string;
  /** The system trash as Electron knows it (shell.trashItem); elsewhere Ganvas moves folders itself. */
  trashItem?: TrashItem;
}

/** Creating, opening, renaming, copying and deleting project folders. */
export function projectHandlers(deps: ProjectDeps): HandlersFor<typeof projectCalls> {
  const { registry } = deps;

  async function closeAndMove(projectId: string, newRoot: string, move: () => Promise<void>) {
    const oldRoot = registry.root(projectId);
    if (existsSync(newRoot)) {
      throw new ServiceFailure('conflict', `${newRoot} already exists. Choose another name.`);
    }
    await registry.close(projectId);
    try {
      await move();
    } catch (error) {
      await registry.openFolder(oldRoot, false);
      throw new ServiceFailure('internal', `Could not write ${newRoot}: ${(error as Error).message}`);
    }
    return { oldRoot };
  }

  return {
    'projects:recent': async () => registry.recent.list(),

    'projects:create': async ({ name, parentDir }) => registry.create(name, parentDir ?? deps.projectsDir),

    'projects:open': async ({ path, breakStaleLock }) => registry.openFolder(path, breakStaleLock),

    'projects:open-sample': async () => {
      const root = join(deps.projectsDir, `${sampleProjectName}${projectExtension}`);
      if (existsSync(join(root, 'project.json'))) return registry.openFolder(root, true);
      // A half-made sample (the app was closed while painting it) is made again from scratch.
      await rm(root, { recursive: true, force: true });
      return createSampleProject(registry, deps.projectsDir);
    },

    'projects:get': async ({ projectId }) => registry.get(projectId),

    'projects:close': async ({ projectId }) => ({ closed: await registry.close(projectId) }),

    'projects:rename': async ({ projectId, name }) => {
      const root = registry.root(projectId);
      const newRoot = join(dirname(root), `${name}${projectExtension}`);
      if (newRoot === root) return registry.get(projectId);
      const { oldRoot } = await closeAndMove(projectId, newRoot, async () => {
        await rename(root, newRoot);
      });
      const { manifest } = await readManifest(newRoot);
      await writeManifest(newRoot, { ...manifest, name });
      const project = await registry.openFolder(newRoot, true);
      await registry.recent.forget(oldRoot);
      return project;
    },

    'projects:duplicate': async ({ projectId, name }) => {
      const root = registry.root(projectId);
      const copy = join(dirname(root), `${name}${projectExtension}`);
      if (existsSync(copy))
        throw new ServiceFailure('conflict', `${copy} already exists. Choose another name.`);
      await cp(root, copy, {
        recursive: true,
        errorOnExist: true,
        force: false,
        filter: (source) => !source.endsWith(`/${lockFile}`) && !source.endsWith(`\\${lockFile}`),
      });
      const { manifest } = await readManifest(copy);
      await writeManifest(copy, {
        ...manifest,
        id: randomUUID(),
        name,
        isSample: false,
        createdAt: Date.now(),
      });
      return registry.openFolder(copy, false);
    },

    'projects:delete': async ({ projectId }) => {
      const root = registry.root(projectId);
      await registry.close(projectId);
      let trashed = true;
      if (deps.trashItem) await deps.trashItem(root);
      else if (!(await moveToTrash(root))) {
        await rm(root, { recursive: true, force: true });
        trashed = false;
      }
      await registry.recent.forget(root);
      return { path: root, trashed };
    },

    'projects:forget': async ({ path }) => registry.recent.forget(path),
  };
}
