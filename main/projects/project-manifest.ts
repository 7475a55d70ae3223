import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rename, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { ProjectIssue } from '../contract/index.js';
import { writeJsonAtomic } from '../fs/atomic-write.js';
import { ServiceFailure } from '../service/service-error.js';
import { currentSchemaVersion, migrateManifest } from './migrations.js';

export const manifestFile = 'project.json';
/** The last manifest Ganvas saved, for when project.json is damaged by something else (a sync tool, a hand edit). */
export const manifestBackupFile = '.project.json.bak';
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
  await writeJsonAtomic(join(root, manifestBackupFile), manifest);
}

/** The name a project folder implies: `Birds.ganvas` -> `Birds`. */
export function nameFromFolder(root: string): string {
  const folder = basename(root);
  return folder.endsWith(projectExtension) ? folder.slice(0, -projectExtension.length) || folder : folder;
}

type Reading =
  | { kind: 'ok'; manifest: ProjectManifest; migrated: boolean }
  | { kind: 'missing' }
  | { kind: 'damaged'; reason: string };

export interface ManifestReading {
  manifest: ProjectManifest;
  issues: ProjectIssue[];
}

/**
 * Reads project.json, migrating older schemas (and saving the result). A damaged or missing manifest
 * does not stop a project from opening: it is restored from an interrupted save or the backup, or
 * else rebuilt from `known` (the manifest of an open project) or the folder name, and the problem is
 * reported. The damaged file is kept aside, never deleted. A folder not named `.ganvas` whose
 * project.json is not Ganvas's is refused untouched: it belongs to some other tool.
 */
export async function readManifest(root: string, known?: ProjectManifest): Promise<ManifestReading> {
  const main = await readCandidate(join(root, manifestFile));
  if (main.kind === 'ok') {
    if (main.migrated) await writeManifest(root, main.manifest);
    // Projects saved before backups existed get one now.
    else if (!existsSync(join(root, manifestBackupFile))) {
      await writeJsonAtomic(join(root, manifestBackupFile), main.manifest);
    }
    return { manifest: main.manifest, issues: [] };
  }
  const problem =
    main.kind === 'missing' ? `${manifestFile} was missing` : `${manifestFile} was damaged (${main.reason})`;
  const restored = await latestSavedCopy(root);
  if (!restored && !known && !root.endsWith(projectExtension)) {
    const why =
      main.kind === 'missing'
        ? `it has no ${manifestFile}`
        : `its ${manifestFile} is not Ganvas's (${main.reason})`;
    throw new ServiceFailure(
      'not-found',
      `${root} is not a Ganvas project: ${why}. To use images from this folder, create a project and import them.`,
    );
  }
  const keptAs = main.kind === 'damaged' ? await keepAside(root) : null;
  const kept = keptAs ? ` The damaged file was kept as ${keptAs}.` : '';
  if (restored) {
    await writeManifest(root, restored.manifest);
    return {
      manifest: restored.manifest,
      issues: [{ path: manifestFile, message: `${problem}; restored it from ${restored.from}.${kept}` }],
    };
  }
  const manifest = known ?? newManifest(nameFromFolder(root));
  await writeManifest(root, manifest);
  const from = known ? 'what the open project knew' : 'the folder name';
  return {
    manifest,
    issues: [{ path: manifestFile, message: `${problem}; rebuilt it from ${from}.${kept}` }],
  };
}

async function readCandidate(path: string): Promise<Reading> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw new ServiceFailure(
      'internal',
      `Could not read ${path}: ${(error as Error).message}. Check that you may read this folder.`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'damaged', reason: text.trim() === '' ? 'empty' : 'not valid JSON' };
  }
  const migrated = migrateManifest(raw);
  if (!migrated.ok) {
    if (migrated.tooNew) throw new ServiceFailure('conflict', migrated.message);
    return { kind: 'damaged', reason: migrated.message };
  }
  const parsed = ProjectManifest.safeParse(migrated.value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
    return { kind: 'damaged', reason: `invalid ${fields}` };
  }
  return { kind: 'ok', manifest: parsed.data, migrated: migrated.changed };
}

/** The temp-file names writeFileAtomic gives project.json: `.project.json.<12 hex>.tmp`. */
const manifestTempName = /^\.project\.json\.[0-9a-f]{12}\.tmp$/;

/**
 * The newest whole manifest among the temp files of interrupted saves (complete and fsynced when
 * the process died before the rename) and the backup. Torn temp files simply fail to parse.
 */
async function latestSavedCopy(root: string): Promise<{ manifest: ProjectManifest; from: string } | null> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return null;
  }
  const candidates = await Promise.all(
    names
      .filter((name) => manifestTempName.test(name) || name === manifestBackupFile)
      .map(async (name) => {
        try {
          return { name, modified: (await stat(join(root, name))).mtimeMs };
        } catch {
          return null;
        }
      }),
  );
  const newestFirst = candidates.filter((each) => each !== null).sort((a, b) => b.modified - a.modified);
  for (const { name } of newestFirst) {
    const reading = await readCandidate(join(root, name)).catch(() => null);
    if (reading?.kind === 'ok') {
      const from = name === manifestBackupFile ? 'its backup' : 'an interrupted save';
      return { manifest: reading.manifest, from: `${from} (${name})` };
    }
  }
  return null;
}

/** Moves a damaged project.json aside under a name no later save reuses. */
async function keepAside(root: string): Promise<string> {
  const name = `${manifestFile}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(join(root, manifestFile), join(root, name));
  return name;
}
