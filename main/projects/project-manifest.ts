import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { ProjectIssue } from '../contract/index.js';
import { writeJsonAtomic } from '../fs/atomic-write.js';
import { ServiceFailure } from '../service/service-error.js';
import { currentSchemaVersion, migrateManifest } from './migrations.js';

export const manifestFile = 'project.json';
export const projectExtension = '.ganvas';

/** project.json as this version of Ganvas writes it. Nothing in it is an absolute path. */
export const ProjectManifest = z.object({
  schemaVersion: z.literal(currentSchemaVersion),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().min(1),
  createdAt: z.number(),
  isSample: z.boolean(),
});
export type ProjectManifest = z.infer<typeof ProjectManifest>;

export function newManifest(name: string, isSample = false): ProjectManifest {
  return { schemaVersion: currentSchemaVersion, id: randomUUID(), name, createdAt: Date.now(), isSample };
}

export async function writeManifest(root: string, manifest: ProjectManifest): Promise<void> {
  await writeJsonAtomic(join(root, manifestFile), manifest);
}

/** The name a project folder implies: `Birds.ganvas` -> `Birds`. */
export function nameFromFolder(root: string): string {
  const folder = basename(root);
  return folder.endsWith(projectExtension) ? folder.slice(0, -projectExtension.length) || folder : folder;
}

/**
 * Reads project.json, migrating older schemas (and saving the result). A torn or foreign manifest does
 * not stop the project from opening: a fresh one is rebuilt from the folder name and the problem is
 * reported, because the images and runs beside it matter more than the manifest.
 */
export async function readManifest(
  root: string,
): Promise<{ manifest: ProjectManifest; issues: ProjectIssue[] }> {
  const path = join(root, manifestFile);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ServiceFailure('not-found', `${root} is not a Ganvas project (it has no ${manifestFile}).`);
    }
    throw new ServiceFailure('internal', `Could not read ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return rebuilt(root, `${manifestFile} was damaged (not valid JSON); rebuilt it from the folder name.`);
  }
  const migrated = migrateManifest(raw);
  if (!migrated.ok) {
    if (migrated.tooNew) throw new ServiceFailure('conflict', migrated.message);
    return rebuilt(
      root,
      `${manifestFile} was not understood (${migrated.message}); rebuilt it from the folder name.`,
    );
  }
  const parsed = ProjectManifest.safeParse(migrated.value);
  if (!parsed.success) {
    return rebuilt(root, `${manifestFile} had invalid fields; rebuilt it from the folder name.`);
  }
  if (migrated.changed) await writeManifest(root, parsed.data);
  return { manifest: parsed.data, issues: [] };
}

async function rebuilt(
  root: string,
  message: string,
): Promise<{ manifest: ProjectManifest; issues: ProjectIssue[] }> {
  const manifest = newManifest(nameFromFolder(root));
  await writeManifest(root, manifest);
  return { manifest, issues: [{ path: manifestFile, message }] };
}
