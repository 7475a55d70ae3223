import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, realpath, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { projectCalls } from '../contract/index.js';
import { removeLeftoverTempFiles } from '../fs/leftover-temp-files.js';
import { lockFile } from '../projects/project-lock.js';
import { projectExtension, writeManifest } from '../projects/project-manifest.js';
import type { ProjectRegistry } from '../projects/project-registry.js';
import { buildSampleProject, sampleProjectRoot } from '../projects/sample/create-sample-project.js';
import { moveToTrash, type TrashItem } from '../projects/trash.js';
import type { HandlersFor } from './handler-types.js';
import { ServiceFailure } from './service-error.js';

export interface ProjectDeps {
  registry: ProjectRegistry;
  projectsDir: string;
  /** The system trash as Electron knows it (shell.trashItem); elsewhere Ganvas moves folders itself. */
  trashItem?: TrashItem;
  /** Stops what works inside a project (training runs pause with a checkpoint) before it is closed, moved or deleted. */
  beforeClosing?: (projectId: string) => Promise<void>;
}

/** Browser-mode upload staging: never part of a copy. */
const uploadsFolder = '.uploads';

/** Creating, opening, renaming, copying and deleting project folders. */
export function projectHandlers(deps: ProjectDeps): HandlersFor<typeof projectCalls> {
  const { registry } = deps;

  /** Whether `path` exists as something other than `root` itself (a case-only rename is not a clash). */
  async function takenByAnother(path: string, root: string): Promise<boolean> {
    if (!existsSync(path)) return false;
    const [a, b] = await Promise.all([realpath(path), realpath(root)]);
    return a !== b;
  }

  async function renameProject(projectId: string, name: string) {
    const root = registry.root(projectId);
    await deps.beforeClosing?.(projectId);
    // Only a folder that follows the `<Name>.ganvas` convention is renamed with the project; a folder
    // the user named otherwise keeps its name.
    const newRoot = root.endsWith(projectExtension)
      ? join(dirname(root), `${name}${projectExtension}`)
      : root;
    if (newRoot !== root && (await takenByAnother(newRoot, root))) {
      throw new ServiceFailure('conflict', `${newRoot} already exists. Choose another name.`);
    }
    const manifest = registry.manifestOf(projectId);
    const recentEntry = { path: newRoot, name, isSample: manifest.isSample };
    if (newRoot === root) {
      await writeManifest(root, { ...manifest, name });
      await registry.recent.replace(root, recentEntry);
      return registry.changed(projectId);
    }
    await registry.close(projectId);
    try {
      await rename(root, newRoot);
    } catch (error) {
      await registry.openFolder(root, false);
      throw new ServiceFailure(
        'conflict',
        `Could not rename ${root} to ${basename(newRoot)} (${(error as Error).message}). If another program is using a file in it, close that program and try again.`,
      );
    }
    await writeManifest(newRoot, { ...manifest, name });
    await registry.recent.replace(root, recentEntry);
    return registry.openFolder(newRoot, false);
  }

  async function duplicateProject(projectId: string, name: string) {
    const root = registry.root(projectId);
    const copy = join(dirname(root), `${name}${projectExtension}`);
    if (existsSync(copy))
      throw new ServiceFailure('conflict', `${copy} already exists. Choose another name.`);
    const skipped = new Set([join(root, lockFile), join(root, uploadsFolder)]);
    try {
      await cp(root, copy, {
        recursive: true,
        errorOnExist: true,
        force: false,
        filter: (source) => !skipped.has(source),
      });
    } catch (error) {
      // Never leave half a copy behind: it would look like a whole project.
      await rm(copy, { recursive: true, force: true });
      throw new ServiceFailure(
        'internal',
        `Could not copy ${root} to ${copy}: ${(error as Error).message}. Check the free disk space and try again.`,
      );
    }
    await removeLeftoverTempFiles([copy]);
    const manifest = registry.manifestOf(projectId);
    await writeManifest(copy, {
      ...manifest,
      id: randomUUID(),
      name,
      isSample: false,
      createdAt: Date.now(),
    });
    return registry.openFolder(copy, false);
  }

  async function deleteProject(projectId: string) {
    const root = registry.root(projectId);
    await deps.beforeClosing?.(projectId);
    await registry.close(projectId);
    let trashed = true;
    try {
      if (deps.trashItem) await deps.trashItem(root);
      else if (!(await moveToTrash(root))) {
        await rm(root, { recursive: true, force: true });
        trashed = false;
      }
    } catch (error) {
      await registry.openFolder(root, false).catch(() => undefined);
      throw new ServiceFailure(
        'internal',
        `Could not move ${root} to the trash (${(error as Error).message}); nothing was deleted. Delete the folder yourself, or try again.`,
      );
    }
    await registry.recent.forget(root);
    return { path: root, trashed };
  }

  return {
    'projects:recent': async () => registry.recent.list(),

    'projects:default-location': async () => ({ path: deps.projectsDir }),

    'projects:create': async ({ name, parentDir }) => registry.create(name, parentDir ?? deps.projectsDir),

    'projects:open': async ({ path, breakStaleLock }) => registry.openFolder(path, breakStaleLock),

    'projects:open-sample': async () => {
      const root = sampleProjectRoot(deps.projectsDir);
      if (!existsSync(root)) await buildSampleProject(deps.projectsDir);
      // Ours to break: a stale lock on the sample only means Ganvas was closed without warning.
      return registry.openFolder(root, true);
    },

    'projects:get': async ({ projectId }) => registry.get(projectId),

    'projects:close': async ({ projectId }) => {
      if (registry.isOpen(projectId)) await deps.beforeClosing?.(projectId);
      return { closed: await registry.close(projectId) };
    },

    'projects:rename': async ({ projectId, name }) => renameProject(projectId, name),

    'projects:duplicate': async ({ projectId, name }) => duplicateProject(projectId, name),

    'projects:delete': async ({ projectId }) => deleteProject(projectId),

    'projects:forget': async ({ path }) => registry.recent.forget(path),
  };
}
