import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type {
  DatasetKind,
  DatasetSummary,
  DomainCounts,
  FitMode,
  ProjectIssue,
  Resolution,
} from '../contract/index.js';
import { writeJsonAtomic } from '../fs/atomic-write.js';
import { ServiceFailure } from '../service/service-error.js';
import {
  DatasetManifest,
  ImagesFile,
  RejectedList,
  datasetDir,
  datasetFiles,
  domainsOf,
  type ImagesFile as ImagesFileType,
  type RejectedList as RejectedListType,
} from './dataset-files.js';

export interface NewDataset {
  name: string;
  kind: DatasetKind;
  resolution: Resolution;
  fit: FitMode;
  background: string;
  storage: 'copy' | 'reference';
}

export async function createDataset(projectRoot: string, settings: NewDataset): Promise<DatasetSummary> {
  const manifest: DatasetManifest = {
    schemaVersion: 1,
    id: randomUUID(),
    createdAt: Date.now(),
    ...settings,
  };
  const dir = datasetDir(projectRoot, manifest.id);
  await mkdir(dir, { recursive: true });
  await writeJsonAtomic(join(dir, datasetFiles.images), {
    images: [],
    duplicates: [],
  } satisfies ImagesFileType);
  await writeJsonAtomic(join(dir, datasetFiles.rejected), [] satisfies RejectedListType);
  // The manifest last: a dataset folder without one is an interrupted creation, ignored on read.
  await writeJsonAtomic(join(dir, datasetFiles.manifest), manifest);
  return summarise(manifest, { images: [], duplicates: [] }, []);
}

export interface LoadedDataset {
  manifest: DatasetManifest;
  images: ImagesFileType;
  rejected: RejectedListType;
  issues: ProjectIssue[];
}

/** Reads one dataset; damaged image or rejection lists are reported and read as empty, never fatal. */
export async function loadDataset(projectRoot: string, datasetId: string): Promise<LoadedDataset> {
  const dir = datasetDir(projectRoot, datasetId);
  const relative = (file: string) => `datasets/${datasetId}/${file}`;
  const manifest = await readJson(join(dir, datasetFiles.manifest), DatasetManifest);
  if (!manifest.ok) {
    throw new ServiceFailure(
      manifest.missing ? 'not-found' : 'internal',
      manifest.missing
        ? `No dataset ${datasetId} in this project.`
        : `${relative(datasetFiles.manifest)}: ${manifest.message}`,
    );
  }
  const issues: ProjectIssue[] = [];
  const images = await readJson(join(dir, datasetFiles.images), ImagesFile);
  if (!images.ok && !images.missing)
    issues.push({ path: relative(datasetFiles.images), message: images.message });
  const rejected = await readJson(join(dir, datasetFiles.rejected), RejectedList);
  if (!rejected.ok && !rejected.missing)
    issues.push({ path: relative(datasetFiles.rejected), message: rejected.message });
  return {
    manifest: manifest.value,
    images: images.ok ? images.value : { images: [], duplicates: [] },
    rejected: rejected.ok ? rejected.value : [],
    issues,
  };
}

export async function saveImages(
  projectRoot: string,
  datasetId: string,
  images: ImagesFileType,
): Promise<void> {
  await writeJsonAtomic(join(datasetDir(projectRoot, datasetId), datasetFiles.images), images);
}

export async function saveRejected(
  projectRoot: string,
  datasetId: string,
  rejected: RejectedListType,
): Promise<void> {
  await writeJsonAtomic(join(datasetDir(projectRoot, datasetId), datasetFiles.rejected), rejected);
}

export async function saveManifest(projectRoot: string, manifest: DatasetManifest): Promise<void> {
  await writeJsonAtomic(join(datasetDir(projectRoot, manifest.id), datasetFiles.manifest), manifest);
}

export async function readDatasetSummaries(
  projectRoot: string,
): Promise<{ datasets: DatasetSummary[]; issues: ProjectIssue[] }> {
  let ids: string[];
  try {
    ids = (await readdir(join(projectRoot, 'datasets'), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return { datasets: [], issues: [] };
  }
  const datasets: DatasetSummary[] = [];
  const issues: ProjectIssue[] = [];
  for (const id of ids) {
    try {
      const loaded = await loadDataset(projectRoot, id);
      datasets.push(summarise(loaded.manifest, loaded.images, loaded.rejected));
      issues.push(...loaded.issues);
    } catch (error) {
      // A folder without a readable manifest (an interrupted creation, a foreign folder) is reported, not fatal.
      issues.push({ path: `datasets/${id}`, message: `Skipped: ${(error as Error).message}` });
    }
  }
  datasets.sort((a, b) => a.createdAt - b.createdAt);
  return { datasets, issues };
}

export function summarise(
  manifest: DatasetManifest,
  images: ImagesFileType,
  rejected: RejectedListType,
): DatasetSummary {
  const counts: Partial<Record<string, DomainCounts>> = {};
  for (const domain of domainsOf(manifest.kind)) {
    const mine = images.images.filter((image) => image.domain === domain);
    counts[domain] = {
      images: mine.length,
      excluded: mine.filter((image) => image.excluded).length,
      duplicates: images.duplicates.filter((duplicate) => duplicate.domain === domain).length,
      rejected: rejected.filter((file) => file.domain === domain).length,
    };
  }
  const { schemaVersion: _version, ...settings } = manifest;
  return { ...settings, counts };
}

type ReadResult<T> = { ok: true; value: T } | { ok: false; missing: boolean; message: string };

async function readJson<T>(path: string, schema: z.ZodType<T>): Promise<ReadResult<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, missing, message: missing ? 'missing' : (error as Error).message };
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, missing: false, message: 'has invalid content' };
  } catch {
    return { ok: false, missing: false, message: 'is damaged (not valid JSON)' };
  }
}
