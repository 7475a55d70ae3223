import { existsSync } from 'node:fs';
import { mkdir, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Project } from '../contract/index.js';
import { readDatasetSummaries } from '../datasets/dataset-store.js';
import { removeLeftoverTempFiles } from '../fs/leftover-temp-files.js';
import { ServiceFailure } from '../service/service-error.js';
import { confinePath } from './confine-path.js';
import { acquireProjectLock, type ProjectLock } from './project-lock.js';
import type { ProjectLookup } from './project-lookup.js';
import {
  manifestFile,
  newManifest,
  projectExtension,
  readManifest,
  writeManifest,
  type ProjectManifest,
} from './project-manifest.js';
import { RecentProjects } from './recent-projects.js';

interface OpenProject {
  root: string;
  lock: ProjectLock;
  /** The last manifest read: what a damaged project.json is rebuilt from while the project is open. */
  manifest: ProjectManifest;
}

export interface ProjectRegistryOptions {
  dataDir: string;
  /** Told about every change to an open project ('projects:changed'). */
  onChanged: (project: Project) => void;
  /** Written into lock files, so a conflict can say who holds the project. */
  appLabel: string;
}

/** The projects this studio has open: their folders, their locks, and the recent list. */
export class ProjectRegistry implements ProjectLookup {
  readonly recent: RecentProjects;
  private readonly open = new Map<string, OpenProject>();
  private readonly opening = new Map<string, Promise<Project>>();

  constructor(private readonly options: ProjectRegistryOptions) {
    this.recent = new RecentProjects(options.dataDir);
  }

  /** Makes `<parentDir>/<name>.ganvas` and opens it. An existing folder is never reused. */
  async create(name: string, parentDir: string, isSample = false): Promise<Project> {
    const root = join(resolve(parentDir), `${name}${projectExtension}`);
    try {
      await mkdir(dirname(root), { recursive: true });
      await mkdir(root);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ServiceFailure(
          'conflict',
          `${root} already exists. Choose another name, or open it instead.`,
        );
      }
      throw new ServiceFailure('invalid-args', `Could not create ${root}: ${(error as Error).message}`);
    }
    await writeManifest(root, newManifest(name, isSample));
    return this.openFolder(root, false);
  }

  /** Opens a project folder from anywhere: the `.ganvas` folder, or its project.json. */
  async openFolder(path: string, breakStaleLock: boolean): Promise<Project> {
    const root = await projectRootOf(path);
    for (const [id, open] of this.open) if (open.root === root) return this.describe(id);
    // A second open of the same folder while the first is under way (a double click) joins it.
    const pending = this.opening.get(root);
    if (pending) return pending;
    const opening = this.lockAndRegister(root, breakStaleLock);
    this.opening.set(root, opening);
    try {
      return await opening;
    } finally {
      this.opening.delete(root);
    }
  }

  private async lockAndRegister(root: string, breakStaleLock: boolean): Promise<Project> {
    const lock = await acquireProjectLock(root, { app: this.options.appLabel, breakStale: breakStaleLock });
    try {
      // The manifest first: a damaged project.json may be restored from an interrupted save's temp file.
      const { manifest, issues } = await readManifest(root);
      await removeLeftoverTempFiles([root, ...(await datasetFolders(root))]);
      if (this.open.has(manifest.id)) {
        // A copy of an open project made outside Ganvas: same id, other folder. Give the copy its own id.
        const renewed = { ...newManifest(manifest.name, manifest.isSample), createdAt: manifest.createdAt };
        await writeManifest(root, renewed);
        return await this.register(renewed, root, lock, issues);
      }
      return await this.register(manifest, root, lock, issues);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  async get(projectId: string): Promise<Project> {
    return this.describe(projectId);
  }

  isOpen(projectId: string): boolean {
    return this.open.has(projectId);
  }

  root(projectId: string): string {
    return this.opened(projectId).root;
  }

  /** The manifest of an open project as last read (it is re-read on every describe). */
  manifestOf(projectId: string): ProjectManifest {
    return this.opened(projectId).manifest;
  }

  private opened(projectId: string): OpenProject {
    const open = this.open.get(projectId);
    if (!open) {
      throw new ServiceFailure(
        'not-found',
        'That project is not open (it may have been closed). Open it again.',
      );
    }
    return open;
  }

  async changed(projectId: string): Promise<Project> {
    const project = await this.describe(projectId);
    this.options.onChanged(project);
    return project;
  }

  async close(projectId: string): Promise<boolean> {
    const open = this.open.get(projectId);
    if (!open) return false;
    this.open.delete(projectId);
    await open.lock.release();
    return true;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.close(id)));
  }

  /** A file inside an open project, for the file protocol and route; null if closed or outside it. */
  async resolveFile(projectId: string, relativePath: string): Promise<string | null> {
    const open = this.open.get(projectId);
    return open ? confinePath(open.root, relativePath) : null;
  }

  private async register(
    manifest: ProjectManifest,
    root: string,
    lock: ProjectLock,
    issues: Project['issues'],
  ): Promise<Project> {
    this.open.set(manifest.id, { root, lock, manifest });
    try {
      const project = await this.describe(manifest.id, issues);
      await this.recent.touch({ path: root, name: project.name, isSample: project.isSample });
      return project;
    } catch (error) {
      this.open.delete(manifest.id);
      throw error;
    }
  }

  private async describe(projectId: string, extraIssues: Project['issues'] = []): Promise<Project> {
    const open = this.opened(projectId);
    const root = open.root;
    const { manifest, issues } = await readManifest(root, open.manifest);
    open.manifest = manifest;
    const datasets = await readDatasetSummaries(root);
    return {
      id: projectId,
      name: manifest.name,
      path: root,
      schemaVersion: manifest.schemaVersion,
      createdAt: manifest.createdAt,
      isSample: manifest.isSample,
      datasets: datasets.datasets,
      issues: [...extraIssues, ...issues, ...datasets.issues],
    };
  }
}

async function datasetFolders(root: string): Promise<string[]> {
  try {
    const entries = await readdir(join(root, 'datasets'), { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => join(root, 'datasets', entry.name));
  } catch {
    return [];
  }
}

async function projectRootOf(path: string): Promise<string> {
  let resolved: string;
  try {
    resolved = await realpath(path);
  } catch {
    throw new ServiceFailure(
      'not-found',
      `${path} does not exist. Check the path, or remove it from the recent list.`,
    );
  }
  const info = await stat(resolved);
  const root = info.isFile() && basename(resolved) === manifestFile ? dirname(resolved) : resolved;
  if (!(await stat(root)).isDirectory()) {
    throw new ServiceFailure('invalid-args', `${path} is a file. Open the project's .ganvas folder instead.`);
  }
  // A .ganvas folder without a manifest (a creation cut short) still opens: readManifest rebuilds it.
  if (root.endsWith(projectExtension) || existsSync(join(root, manifestFile))) return root;
  const inside = (await readdir(root).catch(() => [])).filter((name) => name.endsWith(projectExtension));
  const hint =
    inside.length > 0
      ? ` It contains ${inside.length === 1 ? 'a project' : 'projects'} (${inside.slice(0, 3).join(', ')}): open ${inside.length === 1 ? 'that' : 'one of those'} instead.`
      : ' To use its images, create a project and import the folder.';
  throw new ServiceFailure(
    'not-found',
    `${root} is not a Ganvas project (it has no ${manifestFile}).${hint}`,
  );
}
