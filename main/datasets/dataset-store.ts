import { randomUUID } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  DatasetKind,
  DatasetSummary,
  Domain,
  DomainCounts,
  FitMode,
  ProjectIssue,
  Resolution,
} from '../contract/index.js';
import { writeFileAtomic, writeJsonAtomic } from '../fs/atomic-write.js';
import { ServiceFailure } from '../service/service-error.js';
import { cacheStatus } from './cache-index.js';
import {
  DatasetManifest,
  ImagesFile,
  RejectedList,
  datasetDir,
  datasetFiles,
  datasetSchemaVersion,
  domainLabel,
  domainsOf,
  emptyImages,
} from './dataset-files.js';
import { keepAside, readJsonFile } from './json-file.js';

export interface NewDataset {
  name: string;
  kind: DatasetKind;
  resolution: Resolution;
  fit: FitMode;
  background: string;
  storage: 'copy' | 'reference';
}

export async function createDataset(projectRoot: string, settings: NewDataset): Promise<DatasetSummary> {
  const manifest = DatasetManifest.parse({
    schemaVersion: datasetSchemaVersion,
    id: randomUUID(),
    createdAt: Date.now(),
    ...settings,
  });
  const dir = datasetDir(projectRoot, manifest.id);
  await mkdir(join(dir, 'cache'), { recursive: true });
  await writeImagesFile(projectRoot, manifest.id, emptyImages());
  await writeJsonAtomic(join(dir, datasetFiles.rejected), []);
  // The manifest last: a dataset folder without one is an interrupted creation, reported and skipped.
  await writeJsonAtomic(join(dir, datasetFiles.manifest), manifest);
  return summarise(manifest, emptyImages(), []);
}

export interface LoadedDataset {
  manifest: DatasetManifest;
  /** Shared with other readers: never mutate, build a new value (see updateImages). */
  images: ImagesFile;
  rejected: RejectedList;
  issues: ProjectIssue[];
}

/**
 * Reads one dataset. Its manifest must be whole (else a ServiceFailure saying what is wrong); a
 * damaged image or rejection list is moved aside (kept, never overwritten), reported, and read as empty.
 */
export async function loadDataset(projectRoot: string, datasetId: string): Promise<LoadedDataset> {
  const dir = datasetDir(projectRoot, datasetId);
  const relative = (file: string) => `datasets/${datasetId}/${file}`;
  const manifest = await readJsonFile(
    join(dir, datasetFiles.manifest),
    DatasetManifest,
    datasetSchemaVersion,
  );
  if (!manifest.ok) {
    if (manifest.missing) {
      throw new ServiceFailure('not-found', `This project has no dataset ${datasetId}; reopen the project.`);
    }
    throw new ServiceFailure(
      manifest.newerSchema ? 'conflict' : 'internal',
      `${relative(datasetFiles.manifest)} ${manifest.message}.`,
    );
  }
  const issues: ProjectIssue[] = [];
  const readList = async <T>(file: string, schema: Parameters<typeof readJsonFile<T>>[1], empty: T) => {
    const reading = await readJsonFile(join(dir, file), schema, 1);
    if (reading.ok) return reading.value;
    if (reading.missing) return empty;
    // A newer Ganvas's file is left alone; anything else unreadable is kept aside so no save replaces it.
    const keptAs = reading.newerSchema ? null : await keepAside(join(dir, file)).catch(() => null);
    issues.push({
      path: relative(file),
      message: `${file} ${reading.message}; the dataset opened without it.${keptAs ? ` It was kept as ${keptAs}; re-import the folders to list the images again (the originals are still in the dataset folder).` : ''}`,
    });
    return empty;
  };
  const images = await readList(datasetFiles.images, ImagesFile, emptyImages());
  const rejected = await readList(datasetFiles.rejected, RejectedList, []);
  return { manifest: manifest.value, images, rejected, issues };
}

// One writer at a time per dataset file set, so an import's periodic saves and a user's exclude never
// overwrite each other (other processes are kept out by the project lock).
const writers = new Map<string, Promise<unknown>>();

/** Runs `write` after every earlier write to this dataset has finished. */
function serialised<T>(projectRoot: string, datasetId: string, write: () => Promise<T>): Promise<T> {
  const key = datasetDir(projectRoot, datasetId);
  const run = (writers.get(key) ?? Promise.resolve()).then(write, write);
  const tail = run.catch(() => undefined);
  writers.set(key, tail);
  void tail.then(() => {
    if (writers.get(key) === tail) writers.delete(key);
  });
  return run;
}

/** Reads images.json as it is now, applies `change` and saves the result; serialised per dataset. */
export function updateImages(
  projectRoot: string,
  datasetId: string,
  change: (current: ImagesFile) => ImagesFile,
): Promise<ImagesFile> {
  return serialised(projectRoot, datasetId, async () => {
    const { images } = await loadDataset(projectRoot, datasetId);
    const next = change(images);
    await writeImagesFile(projectRoot, datasetId, next);
    return next;
  });
}

export function updateRejected(
  projectRoot: string,
  datasetId: string,
  change: (current: RejectedList) => RejectedList,
): Promise<RejectedList> {
  return serialised(projectRoot, datasetId, async () => {
    const { rejected } = await loadDataset(projectRoot, datasetId);
    const next = change(rejected);
    await writeJsonAtomic(join(datasetDir(projectRoot, datasetId), datasetFiles.rejected), next);
    return next;
  });
}

export function updateManifest(
  projectRoot: string,
  datasetId: string,
  change: (current: DatasetManifest) => DatasetManifest,
): Promise<DatasetManifest> {
  return serialised(projectRoot, datasetId, async () => {
    const { manifest } = await loadDataset(projectRoot, datasetId);
    const next = DatasetManifest.parse(change(manifest));
    await writeJsonAtomic(join(datasetDir(projectRoot, datasetId), datasetFiles.manifest), next);
    return next;
  });
}

/** One image per line: a 10,000-image list stays a few MB and diffs readably. */
async function writeImagesFile(projectRoot: string, datasetId: string, images: ImagesFile): Promise<void> {
  const lines = (items: readonly unknown[]) => items.map((item) => JSON.stringify(item)).join(',\n');
  const text =
    `{"schemaVersion":1,\n"images":[\n${lines(images.images)}\n],\n` +
    `"duplicates":[\n${lines(images.duplicates)}\n]}\n`;
  await writeFileAtomic(join(datasetDir(projectRoot, datasetId), datasetFiles.images), text);
}

/**
 * Every dataset of a project, for the project's summary. Nothing here is fatal: a dataset folder
 * without a readable manifest, a damaged list or a stale training cache becomes a ProjectIssue.
 */
export async function readDatasetSummaries(
  projectRoot: string,
): Promise<{ datasets: DatasetSummary[]; issues: ProjectIssue[] }> {
  let ids: string[];
  try {
    ids = (await readdir(join(projectRoot, 'datasets'), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { datasets: [], issues: [] };
    return {
      datasets: [],
      issues: [
        { path: 'datasets', message: `The datasets folder cannot be read (${(error as Error).message}).` },
      ],
    };
  }
  const datasets: DatasetSummary[] = [];
  const issues: ProjectIssue[] = [];
  for (const id of ids) {
    try {
      const loaded = await loadDataset(projectRoot, id);
      datasets.push(summarise(loaded.manifest, loaded.images, loaded.rejected));
      issues.push(...loaded.issues, ...(await cacheIssues(projectRoot, loaded)));
    } catch (error) {
      const message =
        error instanceof ServiceFailure && error.code === 'not-found'
          ? 'A dataset folder without dataset.json (an interrupted creation, or not Ganvas’s); it is not shown.'
          : `This dataset is not shown: ${(error as Error).message}`;
      issues.push({ path: `datasets/${id}`, message });
    }
  }
  datasets.sort((a, b) => a.createdAt - b.createdAt);
  return { datasets, issues };
}

async function cacheIssues(projectRoot: string, loaded: LoadedDataset): Promise<ProjectIssue[]> {
  const issues: ProjectIssue[] = [];
  for (const domain of domainsOf(loaded.manifest.kind)) {
    const ids = loaded.images.images.filter((image) => image.domain === domain).map((image) => image.id);
    const status = await cacheStatus(projectRoot, loaded.manifest, domain, ids);
    if (status.ok) continue;
    issues.push({
      path: `datasets/${loaded.manifest.id}/cache`,
      message:
        `${domainLabel(loaded.manifest.kind, domain)} of “${loaded.manifest.name}”: the training cache ${status.reason}. ` +
        'It is rebuilt from the originals by the next import into it or before training; nothing is lost.',
    });
  }
  return issues;
}

export function summarise(
  manifest: DatasetManifest,
  images: ImagesFile,
  rejected: RejectedList,
): DatasetSummary {
  const counts: Partial<Record<Domain, DomainCounts>> = {};
  for (const domain of domainsOf(manifest.kind))
    counts[domain] = { images: 0, excluded: 0, duplicates: 0, rejected: 0 };
  for (const image of images.images) {
    const count = counts[image.domain];
    if (!count) continue;
    count.images++;
    if (image.excluded) count.excluded++;
  }
  for (const duplicate of images.duplicates) {
    const count = counts[duplicate.domain];
    if (count) count.duplicates++;
  }
  for (const file of rejected) {
    const count = counts[file.domain];
    if (count) count.rejected++;
  }
  const { schemaVersion: _version, ...settings } = manifest;
  return { ...settings, counts };
}
